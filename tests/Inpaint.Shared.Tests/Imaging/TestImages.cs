using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.PixelFormats;

using Inpaint.Shared.Imaging;

namespace Inpaint.Shared.Tests.Imaging;

/// <summary>Small deterministic images and masks for the imaging tests.</summary>
internal static class TestImages
{
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
}
