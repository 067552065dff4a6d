using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// How a region is shown to people: one tint, laid over the crop for the task's <c>preview.png</c>, or as a
/// transparent layer for <c>POST /v2/masks/preview</c> that the browser draws over the photo.
/// </summary>
public static class MaskOverlay
{
    /// <summary>The region's colour in every preview.</summary>
    public static readonly Rgba32 Tint = new(255, 40, 120);

    /// <summary>How strongly a fully selected pixel of <see cref="TintOver"/> takes the tint: the photo stays readable.</summary>
    public const float Strength = 0.55f;

    /// <summary>The crop with the region tinted: what will change, and how softly, at a glance.</summary>
    public static Image<Rgba32> TintOver(Image<Rgba32> crop, MaskPlane alpha)
    {
        ArgumentNullException.ThrowIfNull(crop);
        ArgumentNullException.ThrowIfNull(alpha);
        var preview = crop.Clone();
        preview.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                var a = alpha.Row(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var w = Strength * a[x];
                    ref var p = ref row[x];
                    p.R = (byte)(p.R + (Tint.R - p.R) * w);
                    p.G = (byte)(p.G + (Tint.G - p.G) * w);
                    p.B = (byte)(p.B + (Tint.B - p.B) * w);
                }
            }
        });
        return preview;
    }

    /// <summary>Tint colour everywhere, alpha = the composite weight, so the browser can lay it over the photo as is.</summary>
    public static Image<Rgba32> Layer(MaskPlane alpha)
    {
        ArgumentNullException.ThrowIfNull(alpha);
        var image = new Image<Rgba32>(alpha.Width, alpha.Height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                var a = alpha.Row(y);
                for (var x = 0; x < row.Length; x++)
                    row[x] = new Rgba32(Tint.R, Tint.G, Tint.B, (byte)Math.Round(Math.Clamp(a[x], 0f, 1f) * 255));
            }
        });
        return image;
    }
}
