using System.Text.Json.Serialization;

namespace Inpaint.Shared.Orchestration;

/// <summary>The orchestration's custom status: the step in progress and how many samples are done.</summary>
public sealed record ProgressStatus(
    [property: JsonPropertyName("step")] string Step,
    [property: JsonPropertyName("samplesDone")] int SamplesDone,
    [property: JsonPropertyName("samples")] int Samples);
