using Azure;
using Azure.Data.Tables;

namespace Inpaint.Shared.Tasks;

/// <summary>
/// A task's row in the <c>tasks</c> table: partition = user, row = task id, so every read is scoped to
/// its owner by construction. JSON columns hold args, result (blob names, never links) and performance.
/// </summary>
public sealed class TaskEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Tool { get; set; } = "";
    public string Requester { get; set; } = "";
    public string HandlerId { get; set; } = "";
    public string ArgsJson { get; set; } = "{}";
    public string Status { get; set; } = "";
    public string? Error { get; set; }
    public int Cost { get; set; }
    public long Seed { get; set; }
    public string? ResultJson { get; set; }
    public string? PerformanceJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>
    /// The step a running task is in (<c>progress.step</c>), written by the activities as the task enters it
    /// (<see cref="TaskStore.EnterStepAsync"/>), so a status read is this row alone.
    /// </summary>
    public string? Step { get; set; }

    /// <summary>The blob-drop file the task came from (JSON of <c>DropOrigin</c>), so a restart from the row reports back to it.</summary>
    public string? DropJson { get; set; }
}
