namespace Inpaint.Shared.Worker;

/// <summary>
/// Body of <c>POST /v1/diffuse</c>: fill the masked region of the working-size crop <paramref name="Image"/>.
/// One sample per entry of <paramref name="Outputs"/>; sample <c>i</c> uses <c>Seed + i</c>, so a batch of
/// n equals n single calls with consecutive seeds. <paramref name="Model"/> names the fill engine
/// (<c>null</c> = the worker's default).
/// </summary>
public sealed record DiffuseWorkRequest(
    BlobReference Image,
    BlobReference Mask,
    string Prompt,
    double Creativity,
    long Seed,
    IReadOnlyList<BlobReference> Outputs,
    string? Model = null);
