using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Tasks;
using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// Step 6: writes the final status, the delivered samples (blob names) and the timings into the task row, and
/// refunds the samples not delivered. A row already final (cancelled meanwhile) is left as it is; the refund is
/// keyed by task, so a replay or a cancel that got there first can never make it apply twice.
/// </summary>
public sealed class FinalizeTaskActivity(TaskStore tasks, CreditLedger ledger) : TaskActivity<FinalizeInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, FinalizeInput input)
    {
        var written = false;
        var row = await tasks.UpdateAsync(input.User, input.TaskId, row =>
        {
            if (TaskStatuses.IsFinal(row.Status)) return false;
            row.Status = input.Status;
            row.Error = input.Error;
            row.ResultJson = input.Samples.Count > 0 ? JsonSerializer.Serialize(input.Samples) : null;
            row.PerformanceJson = JsonSerializer.Serialize(input.Performance);
            return written = true;
        });

        var requested = JsonSerializer.Deserialize<InpaintArgs>(row.ArgsJson)!.NSamples;
        var delivered = row.Status == TaskStatuses.Completed ? input.Samples.Count : 0;
        var refund = row.Cost * (requested - delivered) / requested;
        await ledger.RefundAsync(input.User, input.TaskId, refund, $"{requested - delivered} of {requested} samples not delivered");
        return written;
    }
}
