namespace Inpaint.Shared.Orchestration;

/// <summary>Which engine and model made a sample, and how long it took.</summary>
public sealed record SampleReport(int Index, string Engine, string Model, double RunSeconds, IReadOnlyDictionary<string, double>? Controls = null);
