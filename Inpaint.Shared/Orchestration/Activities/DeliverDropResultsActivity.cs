using System.Text.Json;
using Inpaint.Shared.Drop;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// After a blob-drop task is final: copies its outputs to <c>drop-results/{batch}/{name}/output-{i}.{ext}</c> and
/// writes <c>result.json</c> (task id, status, error, the cost after refunds, outputs). Idempotent: fixed names,
/// overwritten on a retry. Returns how many outputs it wrote.
/// </summary>
public sealed class DeliverDropResultsActivity(TaskStore tasks, BlobStore blobs, CreditLedger ledger, DropResultStore results)
    : TaskActivity<DropDeliveryInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, DropDeliveryInput input)
    {
        var row = await tasks.GetAsync(input.User, input.TaskId);
        var samples = row.ResultJson is null ? [] : JsonSerializer.Deserialize<StoredSample[]>(row.ResultJson)!;
        var outputs = new List<string>();
        foreach (var sample in samples.OrderBy(s => s.Index))
        {
            var file = $"output-{sample.Index}{Path.GetExtension(sample.OutputBlob)}";
            await results.PutOutputAsync(input.Drop.Batch, input.Drop.Name, file, await blobs.GetAsync(BlobContainers.Tasks, sample.OutputBlob), sample.MimeType);
            outputs.Add(file);
        }

        var net = -(await ledger.MovementsAsync(input.User, input.TaskId)).Sum(m => m.Credits);
        await results.WriteAsync(input.Drop.Batch, input.Drop.Name, new DropResult
        {
            Source = input.Drop.Source ?? "",
            ETag = input.Drop.ETag ?? "",
            TaskId = input.TaskId,
            Status = row.Status,
            Error = row.Error,
            Cost = net,
            Outputs = outputs,
            UpdatedAt = DateTimeOffset.UtcNow,
        });
        return outputs.Count;
    }
}
