using Inpaint.Shared.Orchestration.Activities;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Inpaint.Shared.Orchestration;

/// <summary>
/// What happens once a task's row is final and settled: the blob-drop results, then the webhook, each with its
/// retry policy. Their failures are logged and never change the task. Run by <see cref="InpaintOrchestrator"/>
/// after finalize and by <see cref="NotifyTaskEndedOrchestrator"/> after a cancel.
/// </summary>
public static class TaskEndNotifications
{
    public static async Task RunAsync(TaskOrchestrationContext context, TaskEndedInput input, RetryPolicies retries)
    {
        var log = context.CreateReplaySafeLogger(typeof(TaskEndNotifications));
        if (input.Drop is { } drop)
        {
            try
            {
                await context.CallActivityAsync<int>(nameof(DeliverDropResultsActivity), new DropDeliveryInput(input.TaskId, input.User, drop), retries.Step);
            }
            catch (TaskFailedException failed)
            {
                log.LogWarning("Task {TaskId}: drop results not written: {Error}", input.TaskId, failed.FailureDetails.ErrorMessage);
            }
        }

        if (input.WebhookUrl is { } url)
        {
            try
            {
                await context.CallActivityAsync<int>(nameof(DeliverWebhookActivity), new WebhookInput(input.TaskId, input.User, url), retries.Webhook);
            }
            catch (TaskFailedException failed)
            {
                log.LogWarning("Task {TaskId}: webhook not delivered: {Error}", input.TaskId, failed.FailureDetails.ErrorMessage);
            }
        }
    }
}
