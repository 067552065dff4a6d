using Inpaint.Shared.Contracts;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Orchestration;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Tasks;

/// <summary>
/// Makes the task rows, the ledger and the orchestrations agree again after a crash that no retry covers: a
/// host killed in the middle of a create, or an orchestration that ended without ending its row (its last
/// storage writes failed for longer than their retries). The row is the record of what was accepted, so each
/// unfinished row older than <see cref="ReconcileOptions.Grace"/> is driven to an end:
/// <list type="bullet">
/// <item>no orchestration, charged: start it from the row (nothing is charged again);</item>
/// <item>no orchestration, not charged: the create died before the charge; fail the row (nothing to refund);</item>
/// <item>orchestration ended (failed, terminated, or completed without finalizing): fail (or cancel) the row
/// and refund what was not reported as delivered;</item>
/// <item>orchestration running: leave it.</item>
/// </list>
/// Every step is idempotent, so passes may overlap or repeat. Run by a timer (Functions) or a background
/// service (local stack).
/// </summary>
public sealed class TaskReconciler(
    TaskStore tasks, CreditLedger ledger, TaskFinalizer finalizer, IOptions<ReconcileOptions> options, ILogger<TaskReconciler> logger)
{
    public async Task<ReconcileReport> RunAsync(DurableTaskClient durable, DateTimeOffset now, CancellationToken cancellationToken)
    {
        int started = 0, ended = 0, neverCharged = 0;
        await foreach (var row in tasks.UnfinishedCreatedBeforeAsync(now - options.Value.Grace, cancellationToken))
        {
            var instance = await durable.GetInstanceAsync(row.RowKey, cancellationToken);
            if (instance is null)
            {
                if (await ledger.IsChargedAsync(row.PartitionKey, row.RowKey, cancellationToken))
                {
                    if (await TaskStarter.StartOnceAsync(row, durable, cancellationToken))
                    {
                        logger.LogWarning("Task {TaskId} of {User} was accepted but never started; started it now", row.RowKey, row.PartitionKey);
                        started++;
                    }
                }
                else if (await EndAsync(row, TaskStatuses.Failed, "the task was interrupted while it was created; nothing was charged", cancellationToken))
                {
                    logger.LogWarning("Task {TaskId} of {User} was interrupted before its charge; failed it", row.RowKey, row.PartitionKey);
                    neverCharged++;
                }
            }
            else if (instance.IsCompleted)
            {
                var status = instance.RuntimeStatus == OrchestrationRuntimeStatus.Terminated ? TaskStatuses.Cancelled : TaskStatuses.Failed;
                if (await EndAsync(row, status, "the task was interrupted and could not finish; the charge was refunded", cancellationToken))
                {
                    logger.LogWarning("Task {TaskId} of {User}: its orchestration ended ({Status}) without ending the task; refunded", row.RowKey, row.PartitionKey, instance.RuntimeStatus);
                    ended++;
                }
            }
        }

        return new ReconcileReport(started, ended, neverCharged);
    }

    /// <summary>Ends the row with nothing delivered; the finalizer refunds whatever was charged, once.</summary>
    private Task<bool> EndAsync(TaskEntity row, string status, string error, CancellationToken cancellationToken) =>
        finalizer.FinalizeAsync(new FinalizeInput(row.RowKey, row.PartitionKey, status, error, [], new TaskPerformance(0, 0, [])), cancellationToken);
}
