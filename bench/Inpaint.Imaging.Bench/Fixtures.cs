using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Imaging.Bench;

/// <summary>Deterministic inputs shared by our path and the libvips reference.</summary>
internal static class Fixtures
{
    /// <summary>A photo-like opaque image: smooth gradients plus fine noise (so JPEG has work to do).</summary>
    public static Image<Rgba32> Photo(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new Image<Rgba32>(width, height);
        image.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var n = random.Next(-12, 13);
                    row[x] = new Rgba32(
                        (byte)Math.Clamp(128 + 100 * Math.Sin(x / 211.0 + seed) + n, 0, 255),
                        (byte)Math.Clamp(128 + 100 * Math.Cos(y / 157.0) + n, 0, 255),
                        (byte)Math.Clamp(128 + 90 * Math.Sin((x + y) / 301.0) + n, 0, 255),
                        255);
                }
            }
        });
        return image;
    }

    /// <summary>An irregular region: a large disk with a bite taken out and a second, smaller disk.</summary>
    public static MaskPlane Region(int width, int height)
    {
        var mask = new MaskPlane(width, height);
        double cx = width / 2.0, cy = height / 2.0, r = Math.Min(width, height) / 6.0;
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var inMain = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
                var bite = (x - cx - r) * (x - cx - r) + (y - cy) * (y - cy) <= r * r / 4;
                var second = (x - cx + 1.3 * r) * (x - cx + 1.3 * r) + (y - cy - 0.8 * r) * (y - cy - 0.8 * r) <= r * r / 9;
                if ((inMain && !bite) || second) mask[x, y] = 1f;
            }
        return mask;
    }

    public static byte[] ToBytes(MaskPlane mask)
    {
        var bytes = new byte[mask.Data.Length];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = mask.Data[i] >= 0.5f ? (byte)255 : (byte)0;
        return bytes;
    }

    public static byte[] ToBytes(Image<Rgba32> image)
    {
        var bytes = new byte[image.Width * image.Height * 4];
        image.CopyPixelDataTo(bytes);
        return bytes;
    }
}
