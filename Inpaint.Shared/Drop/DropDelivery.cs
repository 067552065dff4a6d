using System.Text.Json;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;

namespace Inpaint.Shared.Drop;

/// <summary>
/// Writes a final blob-drop task's results: its outputs to <c>drop-results/{batch}/{name}/output-{i}.{ext}</c> and
/// <c>result.json</c> (task id, status, error, the cost after refunds, outputs). Idempotent: fixed names,
/// overwritten on a repeat.
/// </summary>
public sealed class DropDelivery(TaskStore tasks, BlobStore blobs, CreditLedger ledger, DropResultStore results)
{
    /// <summary>Returns how many outputs it wrote.</summary>
    public async Task<int> DeliverAsync(string taskId, string user, DropOrigin drop, CancellationToken cancellationToken = default)
    {
        var row = await tasks.GetAsync(user, taskId, cancellationToken);
        var samples = row.ResultJson is null ? [] : JsonSerializer.Deserialize<StoredSample[]>(row.ResultJson)!;
        var outputs = new List<string>();
        foreach (var sample in samples.OrderBy(s => s.Index))
        {
            var file = $"output-{sample.Index}{Path.GetExtension(sample.OutputBlob)}";
            var content = await blobs.GetAsync(BlobContainers.Tasks, sample.OutputBlob, cancellationToken);
            await results.PutOutputAsync(drop.Batch, drop.Name, file, content, sample.MimeType, cancellationToken);
            outputs.Add(file);
        }

        var net = -(await ledger.MovementsAsync(user, taskId, cancellationToken)).Sum(m => m.Credits);
        await results.WriteAsync(drop.Batch, drop.Name, new DropResult
        {
            Source = drop.Source ?? "",
            ETag = drop.ETag ?? "",
            TaskId = taskId,
            Status = row.Status,
            Error = row.Error,
            Cost = net,
            Outputs = outputs,
            UpdatedAt = DateTimeOffset.UtcNow,
        }, cancellationToken: cancellationToken);
        return outputs.Count;
    }
}
