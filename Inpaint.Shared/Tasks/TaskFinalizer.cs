using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Orchestration;

namespace Inpaint.Shared.Tasks;

/// <summary>
/// Ends a task: writes the final status, the delivered samples (blob names) and the timings into the row, and
/// refunds the samples not delivered (never more than was charged). A row already final (cancelled meanwhile) is left as it is; the refund is
/// keyed by task, so a replay, a cancel or a reconciliation that got there first can never make it apply twice.
/// </summary>
public sealed class TaskFinalizer(TaskStore tasks, CreditLedger ledger)
{
    /// <summary>True when this call wrote the final state (false: the row was already final).</summary>
    public async Task<bool> FinalizeAsync(FinalizeInput input, CancellationToken cancellationToken = default)
    {
        // Read before the row turns final, so the refund follows the final write as closely as it can.
        var charged = await ledger.IsChargedAsync(input.User, input.TaskId, cancellationToken);
        var written = false;
        var row = await tasks.UpdateAsync(input.User, input.TaskId, row =>
        {
            if (TaskStatuses.IsFinal(row.Status)) return false;
            row.Status = input.Status;
            row.Error = input.Error;
            row.ResultJson = input.Samples.Count > 0 ? JsonSerializer.Serialize(input.Samples) : null;
            row.PerformanceJson = JsonSerializer.Serialize(input.Performance);
            return written = true;
        }, cancellationToken);

        // From the row as it now stands, whoever made it final: a cancel that got there first kept the samples it
        // had delivered, and its refund (one per task in the ledger) is the same amount as this one.
        var requested = JsonSerializer.Deserialize<InpaintArgs>(row.ArgsJson)!.NSamples;
        var delivered = TaskCharges.Delivered(row);
        var refund = TaskCharges.Refund(row.Cost, requested, delivered);

        // A create interrupted before its charge is ended by the reconciler: nothing to give back.
        if (!charged) return written;
        await ledger.RefundAsync(input.User, input.TaskId, refund, $"{requested - delivered} of {requested} samples not delivered", cancellationToken);
        return written;
    }
}
