using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Tasks;

/// <summary>
/// Cancelling a task: terminate its orchestration, mark it cancelled, refund the samples not delivered (those
/// already in its result stay there) and tell its listeners (drop result, webhook). Refused once the task is final.
/// </summary>
public sealed class TaskCanceller(TaskStore tasks, TaskDocuments documents, CreditLedger ledger, IOptions<ResultsOptions> results)
{
    public async Task<TaskDocument> CancelAsync(string user, string taskId, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var row = await tasks.GetAsync(user, TaskQueries.CheckId(taskId), cancellationToken);
        if (TaskStatuses.IsFinal(row.Status)) throw new TaskFinalException(taskId, row.Status);

        var cancelled = false;
        row = await tasks.UpdateAsync(user, taskId, r =>
        {
            if (TaskStatuses.IsFinal(r.Status)) return false;
            r.Status = TaskStatuses.Cancelled;
            r.Error = TaskCharges.Samples(r).Length == 0
                ? "cancelled by the caller; the charge was refunded"
                : "cancelled by the caller; the samples delivered before the cancel are kept, the rest refunded";
            return cancelled = true;
        }, CancellationToken.None);
        if (!cancelled) throw new TaskFinalException(taskId, row.Status);

        try
        {
            await durable.TerminateInstanceAsync(taskId, new TerminateInstanceOptions { Output = TaskStatuses.Cancelled }, CancellationToken.None);
        }
        catch (Exception e) when (DurableClientErrors.IsInstanceRefusal(e))
        {
            // Already finished or never started: the row and the refund are what matter.
        }

        var requested = JsonSerializer.Deserialize<InpaintArgs>(row.ArgsJson)!.NSamples;
        var delivered = TaskCharges.Delivered(row);
        await ledger.RefundAsync(user, taskId, TaskCharges.Refund(row.Cost, requested, delivered), $"cancelled; {requested - delivered} of {requested} samples not delivered", CancellationToken.None);
        // The row keeps the blob-drop origin the orchestration was started with (TaskStarter.JobOf reads it there too).
        var drop = row.DropJson is null ? null : JsonSerializer.Deserialize<DropOrigin>(row.DropJson);
        await NotifyCancelledAsync(new TaskEndedInput(taskId, user, drop, JsonSerializer.Deserialize<InpaintArgs>(row.ArgsJson)!.WebhookUrl), durable);
        return await documents.ToDocumentAsync(row, results.Value.LinkLifetime, cancellationToken);
    }

    /// <summary>
    /// A terminated orchestration notifies nobody, so the cancel starts the notifications (drop result.json,
    /// webhook) as their own small orchestration. Best effort: the cancel has already happened.
    /// </summary>
    private static async Task NotifyCancelledAsync(TaskEndedInput ended, DurableTaskClient durable)
    {
        if (!ended.HasListeners) return;
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(
                nameof(NotifyTaskEndedOrchestrator), ended,
                new StartOrchestrationOptions(InstanceId: NotifyTaskEndedOrchestrator.InstanceId(ended.TaskId)), CancellationToken.None);
        }
        catch (Exception e) when (DurableClientErrors.IsInstanceRefusal(e))
        {
            // Already scheduled by an earlier cancel of the same task.
        }
    }
}
