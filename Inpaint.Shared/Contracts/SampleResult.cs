using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>One delivered sample: its output file, the intermediate mask and preview, and how it was made.</summary>
public sealed record SampleResult
{
    [JsonPropertyName("output")] public required IReadOnlyList<OutputFile> Output { get; init; }
    [JsonPropertyName("intermediate_outputs")] public required IntermediateOutputs IntermediateOutputs { get; init; }
    [JsonPropertyName("seed")] public required long Seed { get; init; }
    [JsonPropertyName("engine")] public required string Engine { get; init; }
    [JsonPropertyName("model")] public required string Model { get; init; }

    /// <summary>The engine's controls derived from <c>creativity</c> (for example <c>guidance_scale</c>).</summary>
    [JsonPropertyName("controls")] public IReadOnlyDictionary<string, double> Controls { get; init; } = new Dictionary<string, double>();

    /// <summary>Where the crop that was generated lies in the source, and its working size (absent on old tasks).</summary>
    [JsonPropertyName("crop")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CropArea? Crop { get; init; }

    /// <summary>
    /// Every crop that was generated, part 0 (<see cref="Crop"/>) first: one unless the region is in parts far apart,
    /// each of which is generated at the full working size in its own crop and stitched into the output (absent on old tasks).
    /// The intermediate outputs list a preview and a mask per crop, in the same order.
    /// </summary>
    [JsonPropertyName("crops")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CropArea>? Crops { get; init; }

    /// <summary>Why this sample may not be what was asked (a prompt filled by a removal engine); absent otherwise.</summary>
    [JsonPropertyName("warning")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Warning { get; init; }
}
