using Azure;
using Azure.Data.Tables;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Storage;

namespace Inpaint.Shared.Tasks;

/// <summary>The <c>tasks</c> table: create once, read scoped to the user, update with ETag concurrency.</summary>
public sealed class TaskStore(StorageClients clients)
{
    private readonly TableClient _table = clients.Tables.GetTableClient(TableNames.Tasks);

    public Task EnsureTableAsync(CancellationToken cancellationToken = default) =>
        _table.CreateIfNotExistsAsync(cancellationToken);

    public Task AddAsync(TaskEntity entity, CancellationToken cancellationToken = default) =>
        _table.AddEntityAsync(entity, cancellationToken);

    public async Task<TaskEntity?> FindAsync(string user, string taskId, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TaskEntity>(user, taskId, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    public async Task<TaskEntity> GetAsync(string user, string taskId, CancellationToken cancellationToken = default) =>
        await FindAsync(user, taskId, cancellationToken) ?? throw new TaskNotFoundException(taskId);

    /// <summary>The row keys (task ids) matching <paramref name="filter"/>, in key order: a projection, no row bodies.</summary>
    public async Task<IReadOnlyList<string>> QueryIdsAsync(string filter, CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
            ids.Add(row.RowKey);
        return ids;
    }

    /// <summary>The first <paramref name="take"/> rows matching <paramref name="filter"/>, in key order (newest first).</summary>
    public async Task<IReadOnlyList<TaskEntity>> QueryAsync(string filter, int take, CancellationToken cancellationToken = default)
    {
        var rows = new List<TaskEntity>(Math.Min(take, 1000));
        await foreach (var row in _table.QueryAsync<TaskEntity>(filter, maxPerPage: Math.Min(take, 1000), cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count == take) break;
        }

        return rows;
    }

    /// <summary>
    /// Every user's tasks that are still pending or running and were created before <paramref name="cutoff"/>:
    /// what <see cref="TaskReconciler"/> looks at (a scan of the table, filtered by the service).
    /// </summary>
    public IAsyncEnumerable<TaskEntity> UnfinishedCreatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        _table.QueryAsync<TaskEntity>(
            e => (e.Status == TaskStatuses.Pending || e.Status == TaskStatuses.Running) && e.CreatedAt < cutoff,
            cancellationToken: cancellationToken);

    /// <summary>
    /// Records that the task has entered <paramref name="step"/>: a merge of that one column, no read and no ETag
    /// (nothing else writes it; a late write to a final row is not shown, progress being only for running tasks).
    /// </summary>
    public Task EnterStepAsync(string user, string taskId, string step, CancellationToken cancellationToken = default) =>
        _table.UpdateEntityAsync(new TableEntity(user, taskId) { [nameof(TaskEntity.Step)] = step }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    /// <summary>Removes a row that never became a task (its charge was refused).</summary>
    public Task DeleteAsync(string user, string taskId, CancellationToken cancellationToken = default) =>
        _table.DeleteEntityAsync(user, taskId, ETag.All, cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the current row and writes it back, retrying on a concurrent
    /// write. <paramref name="change"/> returns false to leave the row alone (for example once it is final).
    /// </summary>
    public async Task<TaskEntity> UpdateAsync(string user, string taskId, Func<TaskEntity, bool> change, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var entity = await GetAsync(user, taskId, cancellationToken);
            if (!change(entity)) return entity;
            entity.UpdatedAt = DateTimeOffset.UtcNow;
            try
            {
                await _table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return entity;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 10)
            {
                // Someone else wrote the row in between; read it again and re-apply the change.
            }
        }
    }
}
