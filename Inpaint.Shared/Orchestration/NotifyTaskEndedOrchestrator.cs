using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration;

/// <summary>
/// The notifications of a task that ended outside its own orchestration (a cancel terminates it): scheduled
/// by the cancel with instance id <see cref="InstanceId"/>, so a repeated cancel cannot notify twice.
/// </summary>
public sealed class NotifyTaskEndedOrchestrator(RetryPolicies retries) : TaskOrchestrator<TaskEndedInput, bool>
{
    public static string InstanceId(string taskId) => $"{taskId}-ended";

    public override async Task<bool> RunAsync(TaskOrchestrationContext context, TaskEndedInput input)
    {
        await TaskEndNotifications.RunAsync(context, input, retries);
        return true;
    }
}
