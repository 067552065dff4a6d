using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// Turns an uploaded mask image or a model's probability map into a binary <see cref="MaskPlane"/> at the
/// source size. An uploaded mask marks the region to replace as <b>opaque</b> when its alpha channel is
/// meaningful (some pixel has alpha below 255), otherwise as <b>white</b> (luminance, BT.601 weights).
/// The coverage is resized to the target with a tent filter and a pixel is in the region when the resized
/// coverage is ≥ 0.5 — for a same-size mask exactly "alpha or luminance ≥ 128 of 255".
/// </summary>
public static class MaskReader
{
    public const float Threshold = 0.5f;

    /// <summary>The error for a mask with no pixel in the region, at creation and in the orchestration alike.</summary>
    public const string SelectsNothing = "mask_image selects no pixels: paint the region to replace white (or opaque)";

    public static MaskPlane FromImage(Image<Rgba32> mask, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);

        // At the mask's own size the coverage is thresholded as it is read: no second full-size plane.
        var sameSize = mask.Width == width && mask.Height == height;
        var coverage = new MaskPlane(mask.Width, mask.Height);
        var useAlpha = HasMeaningfulAlpha(mask);
        mask.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                var dst = coverage.Row(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var c = Coverage(row[x], useAlpha);
                    dst[x] = sameSize ? (c >= Threshold ? 1f : 0f) : c;
                }
            }
        });
        return sameSize ? coverage : FromProbabilities(coverage, width, height, Threshold);
    }

    /// <summary>
    /// Whether <see cref="FromImage"/> at the mask's own size would select any pixel, without building its planes
    /// (two floats per pixel: 100 MB for a 12 MP mask) and stopping at the first selected pixel: creation's check.
    /// </summary>
    public static bool SelectsAny(Image<Rgba32> mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var useAlpha = HasMeaningfulAlpha(mask);
        var any = false;
        mask.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height && !any; y++)
            {
                foreach (var p in accessor.GetRowSpan(y))
                {
                    if (Coverage(p, useAlpha) >= Threshold) { any = true; break; }
                }
            }
        });
        return any;
    }

    /// <summary>How much of a pixel is in the region: its opacity, or its luminance when no pixel is transparent.</summary>
    private static float Coverage(Rgba32 p, bool useAlpha) =>
        useAlpha ? p.A / 255f : (0.299f * p.R + 0.587f * p.G + 0.114f * p.B) / 255f;

    /// <summary>Resizes a probability map to width × height (tent filter) and keeps values ≥ threshold.</summary>
    public static MaskPlane FromProbabilities(MaskPlane probabilities, int width, int height, float threshold = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var resized = probabilities.Width == width && probabilities.Height == height
            ? probabilities
            : MaskOps.Resize(probabilities, width, height);
        return MaskOps.Binarize(resized, threshold);
    }

    private static bool HasMeaningfulAlpha(Image<Rgba32> image)
    {
        var meaningful = false;
        image.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height && !meaningful; y++)
            {
                foreach (var p in accessor.GetRowSpan(y))
                {
                    if (p.A != 255) { meaningful = true; break; }
                }
            }
        });
        return meaningful;
    }
}
