namespace Inpaint.Shared.Worker;

/// <summary>Body of <c>POST /v1/foreground</c>: the salient-object mask of <paramref name="Image"/>,
/// written as a greyscale PNG to <paramref name="Mask"/> (the background is its inverse).</summary>
public sealed record ForegroundWorkRequest(BlobReference Image, BlobReference Mask);
