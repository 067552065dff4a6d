namespace Inpaint.Shared.Worker;

/// <summary>Answer of the region endpoints: where the mask was written, its size, and the share of
/// pixels it covers (mean coverage, 0–1).</summary>
public sealed record RegionWorkResponse(BlobReference Mask, int Width, int Height, double Coverage);
