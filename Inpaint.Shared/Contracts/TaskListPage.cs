using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>A page of the caller's tasks, newest first; pass <see cref="NextCursor"/> as <c>cursor</c> for the next.</summary>
public sealed record TaskListPage(
    [property: JsonPropertyName("tasks")] IReadOnlyList<TaskDocument> Tasks,
    [property: JsonPropertyName("nextCursor")] string? NextCursor);
