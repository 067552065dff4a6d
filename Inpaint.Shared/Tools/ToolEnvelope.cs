using System.Text.Json.Serialization;

namespace Inpaint.Shared.Tools;

/// <summary>The answer to <c>GET /v2/tools/{key}</c>.</summary>
public sealed record ToolEnvelope([property: JsonPropertyName("tool")] ToolDescription Tool);
