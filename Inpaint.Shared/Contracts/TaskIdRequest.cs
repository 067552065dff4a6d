using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>The body of Eden's <c>POST /v2/tasks/cancel</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TaskIdRequest([property: JsonPropertyName("taskId")] string? TaskId);
