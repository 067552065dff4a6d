using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>One orchestration step's timing in seconds (fan-out steps: the slowest sample).</summary>
public sealed record StepTiming(
    [property: JsonPropertyName("step")] string Step,
    [property: JsonPropertyName("waitTime")] double WaitTime,
    [property: JsonPropertyName("runTime")] double RunTime);
