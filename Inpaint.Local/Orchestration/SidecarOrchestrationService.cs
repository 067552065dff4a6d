using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace Inpaint.Local.Orchestration;

/// <summary>
/// The orchestration service as the sidecar's dispatchers see it: every call goes to the storage provider,
/// with two gaps of the sidecar filled. Start and stop are observable and safe: <see cref="TaskHubGrpcServer"/>
/// starts and stops the provider from <c>async void</c> lifetime callbacks that nobody awaits, so without
/// this the host could stop Azurite while the provider still drains its partition (or crash the process
/// when that throws). And running activities keep their lock (<see cref="ActivityLockRenewal"/>), which the
/// sidecar's dispatcher never renews.
/// </summary>
sealed class SidecarOrchestrationService(IOrchestrationService inner, TimeSpan visibilityTimeout, ILogger logger) : IOrchestrationService
{
    readonly ActivityLockRenewal activityLocks = new(inner, visibilityTimeout, logger);
    readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly object gate = new();
    bool started;
    bool closing;

    /// <summary>
    /// Refuses any later start and returns a task that completes when the provider has stopped (at once if
    /// it never started). Call it before stopping the sidecar's host.
    /// </summary>
    public Task WhenStoppedAsync()
    {
        lock (this.gate)
        {
            this.closing = true;
            return this.started ? this.stopped.Task : Task.CompletedTask;
        }
    }

    public async Task StartAsync()
    {
        lock (this.gate)
        {
            // The sidecar starts dispatching once a worker connects, which can be after shutdown began.
            if (this.closing || this.started)
            {
                return;
            }

            this.started = true;
        }

        await inner.StartAsync();
    }

    public Task StopAsync() => this.StopAsync(isForced: false);

    public async Task StopAsync(bool isForced)
    {
        lock (this.gate)
        {
            if (!this.started || this.stopped.Task.IsCompleted)
            {
                return;
            }
        }

        try
        {
            await this.activityLocks.DisposeAsync();
            await inner.StopAsync(isForced);
        }
        catch (Exception ex)
        {
            // Thrown into an async void callback this would end the process; the work is durable anyway.
            logger.LogWarning(ex, "The task hub's storage provider did not stop cleanly");
        }
        finally
        {
            this.stopped.TrySetResult();
        }
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState)
        => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
        => inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
        => inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
        if (workItem is not null)
        {
            this.activityLocks.Hold(workItem);
        }

        return workItem!;
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        await this.activityLocks.ReleaseAsync(workItem);
        await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        await this.activityLocks.ReleaseAsync(workItem);
        await inner.AbandonTaskActivityWorkItemAsync(workItem);
    }
}
