using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>
/// Where the time went, in seconds: <see cref="WaitTime"/> from creation until the work started,
/// <see cref="RunTime"/> from then until the end, and each step's wait (queueing, scheduling) and run time.
/// </summary>
public sealed record TaskPerformance(
    [property: JsonPropertyName("waitTime")] double WaitTime,
    [property: JsonPropertyName("runTime")] double RunTime,
    [property: JsonPropertyName("steps")] IReadOnlyList<StepTiming> Steps);
