using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>
/// Where a pending or running task is (the task's <c>progress</c> field): the orchestration's custom status,
/// read when the task is fetched. Absent on final tasks. Steps: prepare, select-region, refine-mask, generate, finalize.
/// The orchestrator writes this very record as its custom status, so the two cannot drift apart.
/// </summary>
public sealed record TaskProgressReport(
    [property: JsonPropertyName("step")] string Step,
    [property: JsonPropertyName("samplesDone")] int SamplesDone,
    [property: JsonPropertyName("samples")] int Samples);
