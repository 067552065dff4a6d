
namespace Inpaint.Shared.Limits;

/// <summary>Size limits on what callers send (ARCHITECTURE §7), configurable; the fixed argument ranges are
/// <see cref="ArgLimits"/> and the decoder's form is <see cref="ImageLimits"/>, both in this folder.</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Largest image accepted, in pixels (width × height), checked before decoding.</summary>
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>Longest side accepted, in pixels.</summary>
    public int MaxSide { get; set; } = 12_000;

    /// <summary>Largest upload or request body, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 50 * 1024 * 1024;

    public ImageLimits Image => new(MaxPixels, MaxSide);
}
