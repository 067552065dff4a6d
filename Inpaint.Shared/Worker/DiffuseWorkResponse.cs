namespace Inpaint.Shared.Worker;

/// <summary>Answer of <c>POST /v1/diffuse</c>: the engine and model that produced the samples, and
/// where each sample was written (same order as the request's outputs), and the warning when the engine could
/// not honour the prompt (the operator's fallback filled it by removal).</summary>
public sealed record DiffuseWorkResponse(string Engine, string Model, IReadOnlyList<BlobReference> Outputs, string? Warning = null);
