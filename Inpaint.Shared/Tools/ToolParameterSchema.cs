using System.Text.Json.Serialization;

namespace Inpaint.Shared.Tools;

/// <summary>The JSON type of a tool parameter, in Eden's words (<c>image</c>, <c>string</c>, <c>integer</c>, <c>float</c>, <c>boolean</c>).</summary>
public sealed record ToolParameterSchema([property: JsonPropertyName("type")] string Type);
