using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>
/// Where a running task is (the task's <c>progress</c> field), from its row: the step the activities recorded as the
/// task entered it (prepare, select-region, refine-mask, generate) and the samples delivered so far. Absent on final
/// tasks. Read with the row, so a status poll is one table read.
/// </summary>
public sealed record TaskProgressReport(
    [property: JsonPropertyName("step")] string Step,
    [property: JsonPropertyName("samplesDone")] int SamplesDone,
    [property: JsonPropertyName("samples")] int Samples);
