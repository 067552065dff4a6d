using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging;

namespace Inpaint.Local.Orchestration;

/// <summary>
/// The orchestration service as the sidecar's dispatchers see it: every call goes to the storage provider,
/// with the gaps of the sidecar filled. Start and stop are observable and safe: <see cref="TaskHubGrpcServer"/>
/// starts and stops the provider from <c>async void</c> lifetime callbacks that nobody awaits, so without
/// this the host could stop Azurite while the provider still drains its partition (or crash the process
/// when that throws). Running activities keep their lock (<see cref="ActivityLockRenewal"/>), which the
/// sidecar's dispatcher never renews. Concurrency is bounded here, without the dispatcher's 500 ms polling
/// (<see cref="WorkItemSlots"/>), with a smaller bound for the activities that run models. And messages the
/// queue delivered twice are dropped before they reach the history (<see cref="RedeliveredMessages"/>).
/// </summary>
sealed class SidecarOrchestrationService : IOrchestrationService
{
    readonly IOrchestrationService inner;
    readonly ILogger logger;
    readonly ActivityLockRenewal activityLocks;
    readonly WorkItemSlots activitySlots;
    readonly WorkItemSlots computeSlots;
    readonly WorkItemSlots orchestrationSlots;
    readonly HashSet<string> computeActivities;
    readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly object gate = new();
    bool started;
    bool closing;

    public SidecarOrchestrationService(IOrchestrationService inner, LocalDurableTaskOptions options, ILogger logger)
    {
        this.inner = inner;
        this.logger = logger;
        this.activityLocks = new ActivityLockRenewal(inner, options.MessageVisibilityTimeout, logger);
        this.activitySlots = new WorkItemSlots(options.MaxConcurrentActivities);
        this.computeSlots = new WorkItemSlots(Math.Min(options.MaxConcurrentComputeActivities, options.MaxConcurrentActivities));
        this.orchestrationSlots = new WorkItemSlots(options.MaxConcurrentOrchestrations);
        this.computeActivities = new HashSet<string>(options.ComputeActivities, StringComparer.Ordinal);
    }

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

        await this.inner.StartAsync();
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
            await this.inner.StopAsync(isForced);
        }
        catch (Exception ex)
        {
            // Thrown into an async void callback this would end the process; the work is durable anyway.
            this.logger.LogWarning(ex, "The task hub's storage provider did not stop cleanly");
        }
        finally
        {
            this.stopped.TrySetResult();
        }
    }

    public Task CreateAsync() => this.inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => this.inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => this.inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => this.inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => this.inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState)
        => this.inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => this.inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => this.inner.GetDelayInSecondsAfterOnFetchException(exception);

    public int TaskOrchestrationDispatcherCount => this.inner.TaskOrchestrationDispatcherCount;

    /// <summary>
    /// Never reached: the bound is <see cref="orchestrationSlots"/>, which waits without polling. (At its own
    /// limit the sidecar's dispatcher sleeps 500 ms before it looks again.)
    /// </summary>
    public int MaxConcurrentTaskOrchestrationWorkItems => int.MaxValue;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => this.inner.EventBehaviourForContinueAsNew;

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await this.orchestrationSlots.FetchAsync(
            () => this.inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken), cancellationToken);
        if (workItem is not null)
        {
            RedeliveredMessages.Drop(workItem, this.logger);
        }

        return workItem!;
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => this.inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
        => this.inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => this.inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    /// <summary>The dispatcher releases every work item it fetched, whatever happened to it: the slot is given back here.</summary>
    public async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        try
        {
            await this.inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
        }
        finally
        {
            this.orchestrationSlots.Return(workItem);
        }
    }

    public int TaskActivityDispatcherCount => this.inner.TaskActivityDispatcherCount;

    /// <summary>Never reached: the bounds are <see cref="activitySlots"/> and <see cref="computeSlots"/> (see <see cref="MaxConcurrentTaskOrchestrationWorkItems"/>).</summary>
    public int MaxConcurrentTaskActivityWorkItems => int.MaxValue;

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await this.activitySlots.FetchAsync(
            () => this.inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken), cancellationToken);
        if (workItem is null)
        {
            return null!;
        }

        this.activityLocks.Hold(workItem);
        if (workItem.TaskMessage?.Event is TaskScheduledEvent { Name: { } name } && this.computeActivities.Contains(name))
        {
            // A model run: at most a few at once, however many light activities run beside them. Waiting holds
            // up the fetch loop (the item is already locked and its lock is renewed meanwhile); light
            // activities already fetched keep running.
            try
            {
                await this.computeSlots.TakeForAsync(workItem, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Stopping: the message goes back to the queue for the next start.
                await this.AbandonTaskActivityWorkItemAsync(workItem);
                throw;
            }
        }

        return workItem;
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => this.inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        try
        {
            await this.activityLocks.ReleaseAsync(workItem);
            await this.inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
        }
        finally
        {
            this.ReturnSlots(workItem);
        }
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        try
        {
            await this.activityLocks.ReleaseAsync(workItem);
            await this.inner.AbandonTaskActivityWorkItemAsync(workItem);
        }
        finally
        {
            this.ReturnSlots(workItem);
        }
    }

    /// <summary>An activity ends in a completion, an abandon, or a failed completion followed by an abandon: returning is idempotent.</summary>
    void ReturnSlots(TaskActivityWorkItem workItem)
    {
        this.computeSlots.Return(workItem);
        this.activitySlots.Return(workItem);
    }
}
