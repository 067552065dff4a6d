using System.Text.Json.Serialization;

namespace Inpaint.Shared.Drop;

/// <summary>
/// <c>drop-results/{batch}/{name}/result.json</c>: what became of one dropped file. Written <c>pending</c> when its
/// task is created, rewritten when the task is final; a refused file gets <c>failed</c> with the reason and no task.
/// <see cref="Source"/> and <see cref="ETag"/> name the exact version of the dropped blob it answers.
/// </summary>
public sealed record DropResult
{
    [JsonPropertyName("source")] public required string Source { get; init; }
    [JsonPropertyName("etag")] public required string ETag { get; init; }

    [JsonPropertyName("task_id")] public string? TaskId { get; init; }

    /// <summary>The task's status (pending, running, completed, failed, cancelled); failed for a refused file.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("error")] public string? Error { get; init; }

    /// <summary>Credits the task cost in the end: the charge less any refund (0 for a refused file).</summary>
    [JsonPropertyName("cost")] public long Cost { get; init; }

    /// <summary>File names of the outputs beside this file (<c>output-{i}.{ext}</c>).</summary>
    [JsonPropertyName("outputs")] public IReadOnlyList<string> Outputs { get; init; } = [];

    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
}
