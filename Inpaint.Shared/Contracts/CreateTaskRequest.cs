using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>
/// The body of <c>POST /v2/tasks/create</c>: a tool name and its arguments, as in the spec. Any other
/// top-level member is refused (a 400), like an unknown argument, rather than silently ignored.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateTaskRequest(
    [property: JsonPropertyName("tool")] string? Tool,
    [property: JsonPropertyName("args")] JsonElement? Args);
