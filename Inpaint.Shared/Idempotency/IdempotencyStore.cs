using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Inpaint.Shared.Storage;

namespace Inpaint.Shared.Idempotency;

/// <summary>
/// Idempotency-Key bookkeeping in the <c>idempotency</c> table. The first request claims the key (an insert
/// that only one writer can win) with the task id it will create; a repeat with the same body gets that task;
/// a different body is a 422; a repeat while the first is still in flight is a 409. Keys live at least
/// <see cref="Retention"/>; a claim left <c>creating</c> by a crashed host is taken over after
/// <see cref="StaleAfter"/> — charges are keyed by task id, so the take-over cannot charge twice.
/// </summary>
public sealed class IdempotencyStore(StorageClients clients)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);
    private const string Creating = "creating";
    private const string Created = "created";

    private readonly TableClient _table = clients.Tables.GetTableClient(TableNames.Idempotency);

    public Task EnsureTableAsync(CancellationToken cancellationToken = default) =>
        _table.CreateIfNotExistsAsync(cancellationToken);

    public static string HashRequest(string canonicalBody) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalBody)));

    public async Task<IdempotencyClaim> ClaimAsync(string user, string key, string requestHash, string newTaskId, CancellationToken cancellationToken)
    {
        var rowKey = RowKey(key);
        var now = DateTimeOffset.UtcNow;
        var claim = new IdempotencyEntity
        {
            PartitionKey = user, RowKey = rowKey, TaskId = newTaskId, RequestHash = requestHash, State = Creating, CreatedAt = now,
        };
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                await _table.AddEntityAsync(claim, cancellationToken);
                return new IdempotencyClaim(true, newTaskId);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
            }

            var existing = await _table.GetEntityIfExistsAsync<IdempotencyEntity>(user, rowKey, cancellationToken: cancellationToken);
            if (!existing.HasValue) continue; // released meanwhile: claim again
            var row = existing.Value!;

            if (now - row.CreatedAt > Retention)
            {
                // Expired: the key may be used afresh.
                if (await TryReplaceAsync(claim, row.ETag, cancellationToken)) return new IdempotencyClaim(true, newTaskId);
                continue;
            }

            if (row.RequestHash != requestHash)
                throw new IdempotencyConflictException(422, "this Idempotency-Key was already used with a different request body");
            if (row.State == Created)
                return new IdempotencyClaim(false, row.TaskId);
            if (now - row.CreatedAt < StaleAfter)
                throw new IdempotencyConflictException(409, "a request with this Idempotency-Key is still being created; retry shortly");

            // The first request's host died mid-way: finish its work under the same task id.
            row.CreatedAt = now;
            if (await TryReplaceAsync(row, row.ETag, cancellationToken)) return new IdempotencyClaim(true, row.TaskId);
        }

        throw new IdempotencyConflictException(409, "a request with this Idempotency-Key is being created concurrently; retry shortly");
    }

    /// <summary>Marks the claim created: one merge of its state, no read (the other fields stay as claimed).</summary>
    public Task CompleteAsync(string user, string key, CancellationToken cancellationToken) =>
        _table.UpdateEntityAsync(
            new TableEntity(user, RowKey(key)) { [nameof(IdempotencyEntity.State)] = Created }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    /// <summary>Forgets a claim whose request was refused (for example 402), so the same key can be retried.</summary>
    public Task ReleaseAsync(string user, string key, CancellationToken cancellationToken) =>
        _table.DeleteEntityAsync(user, RowKey(key), ETag.All, cancellationToken);

    /// <summary>Keys may hold characters a row key cannot; their SHA-256 cannot.</summary>
    private static string RowKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private async Task<bool> TryReplaceAsync(IdempotencyEntity row, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await _table.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return false;
        }
    }
}
