namespace Inpaint.Shared.Worker;

/// <summary>Answer of <c>POST /v1/diffuse</c>: the engine and model that produced the samples, and
/// where each sample was written (same order as the request's outputs).</summary>
public sealed record DiffuseWorkResponse(string Engine, string Model, IReadOnlyList<BlobReference> Outputs);
