using System.Text.Json.Serialization;

namespace Inpaint.Shared.Tools;

/// <summary>The answer to <c>GET /v2/tools</c>.</summary>
public sealed record ToolList([property: JsonPropertyName("tools")] IReadOnlyList<ToolDescription> Tools);
