namespace Inpaint.Inference.Regions;

/// <summary>How a request selects its region (the uploaded-mask case needs no model).</summary>
public enum RegionKind
{
    /// <summary><c>masking_prompt</c>: comma-separated phrases.</summary>
    Text,

    /// <summary><c>use_rembg</c>: the salient object (or, inverted, the background).</summary>
    Foreground,
}
