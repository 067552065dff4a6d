using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>The body of <c>POST /v2/tasks/create</c>: a tool name and its arguments, as in the spec.</summary>
public sealed record CreateTaskRequest(
    [property: JsonPropertyName("tool")] string? Tool,
    [property: JsonPropertyName("args")] JsonElement? Args);
