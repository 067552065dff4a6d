using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Testing;

/// <summary>
/// Small synthetic photos and masks, made in code so tests need no files, and the one pixel comparison
/// (<see cref="SamePixels(Image{Rgba32}, Image{Rgba32}, out string)"/>, <see cref="CountDifferent"/>) every test project uses.
/// </summary>
public static class TestImages
{
    /// <summary>A colourful gradient with a checker pattern: every pixel differs from its neighbours.</summary>
    public static Image<Rgba32> Photo(int width, int height)
    {
        var image = new Image<Rgba32>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++)
                {
                    var checker = ((x / 8) + (y / 8)) % 2 == 0 ? 30 : 0;
                    row[x] = new Rgba32((byte)(x * 200 / width + checker), (byte)(y * 200 / height + checker), (byte)(128 + checker), 255);
                }
            }
        });
        return image;
    }

    /// <summary>A mask of <paramref name="width"/>×<paramref name="height"/>: white inside the rectangle, black elsewhere.</summary>
    public static Image<Rgba32> RectangleMask(int width, int height, Rectangle region)
    {
        var mask = new Image<Rgba32>(width, height, new Rgba32(0, 0, 0, 255));
        mask.ProcessPixelRows(rows =>
        {
            for (var y = region.Top; y < region.Bottom; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = region.Left; x < region.Right; x++) row[x] = new Rgba32(255, 255, 255, 255);
            }
        });
        return mask;
    }

    public static byte[] Png(Image<Rgba32> image)
    {
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder());
        return stream.ToArray();
    }

    /// <summary>A smooth gradient with some texture, opaque.</summary>
    public static Image<Rgba32> Gradient(int width, int height, int seed = 1)
    {
        var image = new Image<Rgba32>(width, height);
        image.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = new Rgba32(
                        (byte)(x * 255 / Math.Max(1, width - 1)),
                        (byte)(y * 255 / Math.Max(1, height - 1)),
                        (byte)((x * 7 + y * 13 + seed * 31) & 0xFF),
                        255);
                }
            }
        });
        return image;
    }

    /// <summary>Uniformly random pixels (including alpha when <paramref name="alpha"/>).</summary>
    public static Image<Rgba32> Noise(int width, int height, int seed, bool alpha = false)
    {
        var random = new Random(seed);
        var image = new Image<Rgba32>(width, height);
        image.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                    row[x] = new Rgba32((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), alpha ? (byte)random.Next(256) : (byte)255);
            }
        });
        return image;
    }

    public static MaskPlane Rectangle(int width, int height, int x0, int y0, int w, int h)
    {
        var mask = new MaskPlane(width, height);
        for (var y = y0; y < y0 + h; y++)
            for (var x = x0; x < x0 + w; x++)
                mask[x, y] = 1f;
        return mask;
    }

    public static MaskPlane Disk(int width, int height, double cx, double cy, double radius)
    {
        var mask = new MaskPlane(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius) mask[x, y] = 1f;
        return mask;
    }

    public static byte[] Encode(Image image, IImageEncoder encoder)
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

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
    public static double IoU(MaskPlane mask, params Rectangle[] expected)
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

    /// <summary>True when both images have the same size and every pixel is equal; otherwise <paramref name="difference"/> says where they first differ.</summary>
    public static bool SamePixels(Image<Rgba32> a, Image<Rgba32> b, out string difference)
    {
        difference = "";
        if (a.Width != b.Width || a.Height != b.Height)
        {
            difference = $"size {a.Width}×{a.Height} vs {b.Width}×{b.Height}";
            return false;
        }

        for (var y = 0; y < a.Height; y++)
            for (var x = 0; x < a.Width; x++)
                if (a[x, y] != b[x, y])
                {
                    difference = $"({x},{y}): {a[x, y]} vs {b[x, y]}";
                    return false;
                }

        return true;
    }

    public static bool SamePixels(Image<Rgba32> a, Image<Rgba32> b) => SamePixels(a, b, out _);

    /// <summary>How many pixels differ between two images of the same size (asserted).</summary>
    public static long CountDifferent(Image<Rgba32> a, Image<Rgba32> b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        long count = 0;
        for (var y = 0; y < a.Height; y++)
            for (var x = 0; x < a.Width; x++)
                if (a[x, y] != b[x, y]) count++;
        return count;
    }
}
