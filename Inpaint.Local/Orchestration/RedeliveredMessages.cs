using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging;

namespace Inpaint.Local.Orchestration;

/// <summary>
/// Removes from an orchestration work item the messages its history already holds. Azure Storage queues
/// deliver at least once: a message whose delete failed (its visibility ran out while a loaded machine was
/// still working on it: <c>PopReceiptMismatch</c>) comes back after its history was written. DurableTask.Core's
/// own dispatcher drops such messages (<c>ReconcileMessagesWithState</c>), but the sidecar's dispatcher adds
/// every message to the history as is (its source says "TODO: filter out invalid messages"): a second
/// <c>ExecutionStarted</c> then throws "Multiple ExecutionStartedEvent found" on every later attempt and the
/// task never ends. Seen in the load bench on a machine at load average 30.
/// </summary>
static class RedeliveredMessages
{
    /// <summary>Drops the repeats from <paramref name="workItem"/>'s new messages; returns how many it dropped.</summary>
    public static int Drop(TaskOrchestrationWorkItem workItem, ILogger logger)
    {
        var state = workItem.OrchestrationRuntimeState;
        if (workItem.NewMessages is not { Count: > 0 } messages || state is null)
        {
            return 0;
        }

        bool started = state.ExecutionStartedEvent is not null;
        string? executionId = state.OrchestrationInstance?.ExecutionId;
        var finishedTasks = new HashSet<int>();
        var firedTimers = new HashSet<int>();
        foreach (var past in state.Events)
        {
            Remember(past, finishedTasks, firedTimers);
        }

        var kept = new List<TaskMessage>(messages.Count);
        foreach (var message in messages)
        {
            string? reason = message.Event switch
            {
                ExecutionStartedEvent when started => "a second start of the instance",
                ExecutionStartedEvent => null,
                _ when message.OrchestrationInstance?.ExecutionId is { Length: > 0 } id && executionId is not null && id != executionId
                    => "an earlier execution's message",
                TaskCompletedEvent c when finishedTasks.Contains(c.TaskScheduledId) => "a repeated activity result",
                TaskFailedEvent f when finishedTasks.Contains(f.TaskScheduledId) => "a repeated activity failure",
                TimerFiredEvent t when firedTimers.Contains(t.TimerId) => "a repeated timer",
                _ => null,
            };
            if (reason is not null)
            {
                logger.LogWarning(
                    "Dropped {EventType} for instance {InstanceId}: {Reason} (redelivered by the queue)",
                    message.Event.EventType, workItem.InstanceId, reason);
                continue;
            }

            if (message.Event is ExecutionStartedEvent)
            {
                started = true;
            }

            Remember(message.Event, finishedTasks, firedTimers);
            kept.Add(message);
        }

        int dropped = messages.Count - kept.Count;
        if (dropped > 0)
        {
            // The provider deletes the queue messages of the session's batch on completion, not these: the
            // dropped ones are removed from the queue all the same.
            workItem.NewMessages = kept;
        }

        return dropped;
    }

    static void Remember(HistoryEvent e, HashSet<int> finishedTasks, HashSet<int> firedTimers)
    {
        switch (e)
        {
            case TaskCompletedEvent c:
                finishedTasks.Add(c.TaskScheduledId);
                break;
            case TaskFailedEvent f:
                finishedTasks.Add(f.TaskScheduledId);
                break;
            case TimerFiredEvent t:
                firedTimers.Add(t.TimerId);
                break;
        }
    }
}
