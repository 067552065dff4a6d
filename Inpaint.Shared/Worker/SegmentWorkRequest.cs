namespace Inpaint.Shared.Worker;

/// <summary>Body of <c>POST /v1/segment</c>: mask what <paramref name="Prompt"/> describes in <paramref name="Image"/>,
/// written as a greyscale PNG to <paramref name="Mask"/>.</summary>
public sealed record SegmentWorkRequest(BlobReference Image, string Prompt, BlobReference Mask);
