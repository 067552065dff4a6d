using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Tests.TinyModels;

/// <summary>Synthetic images: a background with solid rectangles, and IoU against the expected region.</summary>
public static class TestImages
{
    public static Image<Rgba32> WithRects(int width, int height, Rgba32 background, params (Rectangle Rect, Rgba32 Color)[] rects)
    {
        var image = new Image<Rgba32>(width, height, background);
        foreach (var (r, color) in rects)
            for (var y = r.Top; y < r.Bottom; y++)
                for (var x = r.Left; x < r.Right; x++)
                    image[x, y] = color;
        return image;
    }

    /// <summary>Intersection over union of the mask (&gt; 0.5) and the union of <paramref name="expected"/>.</summary>
    public static double IoU(Inpaint.Shared.Imaging.MaskPlane mask, params Rectangle[] expected)
    {
        long inter = 0, union = 0;
        for (var y = 0; y < mask.Height; y++)
            for (var x = 0; x < mask.Width; x++)
            {
                var m = mask[x, y] > 0.5f;
                var e = expected.Any(r => r.Contains(x, y));
                if (m && e) inter++;
                if (m || e) union++;
            }
        return union == 0 ? 1 : (double)inter / union;
    }
}
