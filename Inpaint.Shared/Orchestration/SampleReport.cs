namespace Inpaint.Shared.Orchestration;

/// <summary>Which engine and model made a sample, how long it took, and the warning recorded when the engine
/// could not do what the request asked (a prompt filled by a removal engine).</summary>
public sealed record SampleReport(int Index, string Engine, string Model, double RunSeconds, IReadOnlyDictionary<string, double>? Controls = null, string? Warning = null);
