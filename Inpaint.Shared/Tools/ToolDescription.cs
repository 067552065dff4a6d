using System.Text.Json.Serialization;

namespace Inpaint.Shared.Tools;

/// <summary>A tool as Eden's <c>GET /v2/tools</c> lists it (<c>ToolV2</c>).</summary>
public sealed record ToolDescription
{
    [JsonPropertyName("key")] public required string Key { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("description")] public required string Description { get; init; }
    [JsonPropertyName("active")] public bool Active { get; init; } = true;
    [JsonPropertyName("output_type")] public string OutputType { get; init; } = "image";

    /// <summary>The price as a formula of the arguments, as Eden writes it (<c>2 * n_samples</c>).</summary>
    [JsonPropertyName("cost_estimate")] public required string CostEstimate { get; init; }

    [JsonPropertyName("parameters")] public required IReadOnlyList<ToolParameter> Parameters { get; init; }
}
