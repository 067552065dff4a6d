namespace Inpaint.Shared.Contracts;

/// <summary>How the region to replace is chosen.</summary>
public enum RegionSource
{
    /// <summary>Text prompt → segmentation model.</summary>
    Prompt,

    /// <summary>Salient-object model; the background unless <c>inpaint_foreground</c>.</summary>
    Foreground,

    /// <summary>An uploaded mask image.</summary>
    MaskImage,
}
