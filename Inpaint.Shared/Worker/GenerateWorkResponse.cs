namespace Inpaint.Shared.Worker;

/// <summary>Answer of <c>POST /v1/generate</c>, once the sample is written: the engine and model that ran, the
/// controls it derived from the creativity, and the warning when it could not honour the prompt (the operator's
/// fallback filled it by removal). The sample itself is where the request's <c>output</c> named it.</summary>
public sealed record GenerateWorkResponse(string Engine, string Model, IReadOnlyDictionary<string, double> Controls, string? Warning = null);
