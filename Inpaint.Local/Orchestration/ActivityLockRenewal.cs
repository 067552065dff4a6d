using System.Collections.Concurrent;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace Inpaint.Local.Orchestration;

/// <summary>
/// Keeps the queue message of every running activity hidden while the activity runs. The sidecar's
/// dispatcher never renews a work item's lock, so without this an activity that outlives the message
/// visibility timeout (a CPU diffusion can take minutes) would be delivered a second time while it still
/// runs. With it, the visibility timeout can be short: after a crash, work in flight comes back within it.
/// </summary>
sealed class ActivityLockRenewal(IOrchestrationService service, TimeSpan visibilityTimeout, ILogger logger) : IAsyncDisposable
{
    readonly ConcurrentDictionary<string, Held> held = new(StringComparer.Ordinal);
    volatile bool disposed;

    /// <summary>Renewed this often: a third of the timeout leaves two chances before the message reappears.</summary>
    public TimeSpan Interval { get; } = visibilityTimeout / 3;

    /// <summary>Starts renewing <paramref name="workItem"/>'s lock until <see cref="ReleaseAsync"/>.</summary>
    public void Hold(TaskActivityWorkItem workItem)
    {
        if (this.disposed)
        {
            // The provider is stopping: the message comes back after the timeout, to whoever runs next.
            return;
        }

        var stop = new CancellationTokenSource();
        var item = new Held(stop, this.RenewUntilReleasedAsync(workItem, stop.Token));
        if (!this.held.TryAdd(workItem.Id, item))
        {
            // A work item is delivered to one dispatcher at a time; keep the renewal already running.
            stop.Cancel();
            stop.Dispose();
        }
    }

    /// <summary>Stops renewing, and waits for a renewal in progress so it cannot race the completion.</summary>
    public async Task ReleaseAsync(TaskActivityWorkItem workItem)
    {
        if (this.held.TryRemove(workItem.Id, out var item))
        {
            await item.StopAsync();
        }
    }

    async Task RenewUntilReleasedAsync(TaskActivityWorkItem workItem, CancellationToken released)
    {
        using var timer = new PeriodicTimer(this.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(released))
            {
                try
                {
                    await service.RenewTaskActivityWorkItemLockAsync(workItem);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Storage briefly away: the next tick tries again; at worst the activity runs twice,
                    // which the activities tolerate (they are idempotent by design).
                    logger.LogWarning(ex, "Could not renew the lock of activity work item {WorkItem}", workItem.Id);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        this.disposed = true;
        foreach (string id in this.held.Keys)
        {
            if (this.held.TryRemove(id, out var item))
            {
                await item.StopAsync();
            }
        }
    }

    sealed record Held(CancellationTokenSource Stop, Task Renewing)
    {
        public async Task StopAsync()
        {
            await this.Stop.CancelAsync();
            await this.Renewing;
            this.Stop.Dispose();
        }
    }
}
