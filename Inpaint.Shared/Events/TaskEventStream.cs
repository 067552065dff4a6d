using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Tasks;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Events;

/// <summary>
/// The server-sent events of <c>GET /v2/tasks/events</c>, as Eden's SDK consumes them: a <c>task-update</c> event
/// whenever a watched task's status, step, samples done or delivered result changes (the first read counts as a
/// change), a <c>heartbeat</c> event when nothing happened for a while, and — when one task is watched — the end of the
/// stream once the client closes it after the final event (or <see cref="FinalGrace"/> later). Without a task id it watches every task of the caller that is pending or running,
/// or that changed since the stream opened, until the caller goes away. The tasks are read on a short interval (the row
/// and the orchestration's custom status): the same reads as <c>GET /v2/tasks/{id}</c>, with no extra moving part.
/// </summary>
public sealed class TaskEventStream(TaskStore tasks, TaskDocuments documents, IOptions<ResultsOptions> results, IOptions<TaskEventsOptions> options)
{
    public const string UpdateEvent = "task-update";
    public const string HeartbeatEvent = "heartbeat";

    /// <summary>How long a stream of one task stays open after its final event, for the client to close it.</summary>
    public static readonly TimeSpan FinalGrace = TimeSpan.FromSeconds(30);

    public async IAsyncEnumerable<SseItem<TaskUpdateEvent?>> WatchAsync(
        string user, string? taskId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var opened = DateTimeOffset.UtcNow;
        var sent = new Dictionary<string, string>();
        var quietSince = DateTimeOffset.UtcNow;
        DateTimeOffset? finalAt = null;
        while (true)
        {
            var rows = taskId is null
                ? await tasks.QueryAsync(WatchedFilter(user, opened), int.MaxValue, cancellationToken)
                : [await tasks.GetAsync(user, taskId, cancellationToken)];
            foreach (var row in rows)
            {
                var document = await documents.ToDocumentAsync(row, results.Value.LinkLifetime, cancellationToken);
                var update = TaskUpdateEvent.From(document);
                if (sent.TryGetValue(update.TaskId, out var last) && last == update.Signature) continue;
                sent[update.TaskId] = update.Signature;
                quietSince = DateTimeOffset.UtcNow;
                yield return new SseItem<TaskUpdateEvent?>(update, UpdateEvent);
                if (taskId is not null && TaskStatuses.IsFinal(update.Status)) finalAt ??= DateTimeOffset.UtcNow;
            }

            // Eden's SDK closes the stream itself once it has handled the final event; a server that closed first
            // made its EventSource report an error while it was still handling it, and the SDK failed the create.
            // So the stream stays open (with heartbeats) for the client to close, within a bound.
            if (finalAt is not null && DateTimeOffset.UtcNow - finalAt >= FinalGrace) yield break;

            if (DateTimeOffset.UtcNow - quietSince >= options.Value.HeartbeatInterval)
            {
                quietSince = DateTimeOffset.UtcNow;
                yield return new SseItem<TaskUpdateEvent?>(null, HeartbeatEvent);
            }

            await Task.Delay(options.Value.PollInterval, cancellationToken);
        }
    }

    /// <summary>The caller's unfinished tasks, and those written since the stream opened (a second of slack for clocks).</summary>
    private static string WatchedFilter(string user, DateTimeOffset opened) =>
        TableClient.CreateQueryFilter(
            $"PartitionKey eq {user} and (Status eq {TaskStatuses.Pending} or Status eq {TaskStatuses.Running} or UpdatedAt ge {opened.AddSeconds(-1)})");
}
