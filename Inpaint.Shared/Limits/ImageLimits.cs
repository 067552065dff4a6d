namespace Inpaint.Shared.Limits;

/// <summary>
/// Size limits enforced on untrusted images from the header alone, before any pixel buffer is allocated.
/// </summary>
/// <param name="MaxPixels">Largest accepted width × height (default 40 MP).</param>
/// <param name="MaxSide">Largest accepted width or height in pixels (default 12 000).</param>
public sealed record ImageLimits(long MaxPixels = 40_000_000, int MaxSide = 12_000)
{
    /// <summary>The defaults: 40 MP, 12 000 px per side.</summary>
    public static ImageLimits Default { get; } = new();
}
