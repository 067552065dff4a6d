using System.Text.Json.Serialization;

namespace Inpaint.Shared.Tools;

/// <summary>One argument of a tool, as Eden's <c>ToolParameterV2</c> describes it.</summary>
public sealed record ToolParameter
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("label")] public required string Label { get; init; }
    [JsonPropertyName("description")] public required string Description { get; init; }
    [JsonPropertyName("tip")] public string? Tip { get; init; }

    /// <summary><c>{"type": "image" | "string" | "integer" | "float" | "boolean"}</c>.</summary>
    [JsonPropertyName("schema")] public required ToolParameterSchema Schema { get; init; }

    [JsonPropertyName("required")] public bool Required { get; init; }

    /// <summary>The value used when the argument is left out (null: none, or chosen per task like the seed).</summary>
    [JsonPropertyName("default")] public object? Default { get; init; }

    [JsonPropertyName("minimum")] public double? Minimum { get; init; }
    [JsonPropertyName("maximum")] public double? Maximum { get; init; }
    [JsonPropertyName("max_length")] public int? MaxLength { get; init; }
    [JsonPropertyName("choices")] public IReadOnlyList<string>? Choices { get; init; }
}
