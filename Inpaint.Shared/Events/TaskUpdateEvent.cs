using System.Text.Json.Serialization;
using Inpaint.Shared.Contracts;

namespace Inpaint.Shared.Events;

/// <summary>
/// The data of a <c>task-update</c> server-sent event, in Eden's shape (<c>TaskUpdateEvent</c>: <c>taskId</c>,
/// <c>userId</c>, <c>status</c>, <c>progress</c>, <c>result</c>) plus the whole task as <c>GET /v2/tasks/{id}</c> shows it.
/// </summary>
public sealed record TaskUpdateEvent
{
    [JsonPropertyName("taskId")] public required string TaskId { get; init; }
    [JsonPropertyName("userId")] public required string UserId { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }

    /// <summary>Share of the work done, 0–1: samples delivered over samples asked for; 1 once completed.</summary>
    [JsonPropertyName("progress")] public required double Progress { get; init; }

    /// <summary>The orchestration step in progress (<c>prepare</c> … <c>finalize</c>); null once final.</summary>
    [JsonPropertyName("step")] public string? Step { get; init; }

    /// <summary>The samples delivered so far (all of them once completed), as in the task's <c>result</c>.</summary>
    [JsonPropertyName("result")] public IReadOnlyList<SampleResult>? Result { get; init; }

    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("task")] public required TaskDocument Task { get; init; }

    public static TaskUpdateEvent From(TaskDocument task)
    {
        var delivered = task.Result?.Count ?? 0;
        var progress = task.Status == TaskStatuses.Completed ? 1.0
            : task.Progress is { Samples: > 0 } p ? (double)Math.Max(delivered, p.SamplesDone) / p.Samples
            : (double)delivered / Math.Max(1, task.Args.NSamples);
        return new TaskUpdateEvent
        {
            TaskId = task.Id,
            UserId = task.User,
            Status = task.Status,
            Progress = Math.Round(Math.Clamp(progress, 0, 1), 4),
            Step = task.Progress?.Step,
            Result = task.Result,
            Error = task.Error,
            Task = task,
        };
    }

    /// <summary>What makes one update different from the last one sent: links are fresh on each read, so they are left out.</summary>
    [JsonIgnore]
    public string Signature => $"{Status}|{Step}|{Task.Progress?.SamplesDone}|{Result?.Count ?? 0}|{Error}";
}
