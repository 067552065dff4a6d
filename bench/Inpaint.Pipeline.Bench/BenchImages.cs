using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Pipeline.Bench;

/// <summary>
/// The bench's inputs, made in code so the run needs no files: a photo-like image (smooth gradients plus fine
/// noise, so the codecs have a photo's work to do) and an irregular region drawn as an uploaded mask.
/// </summary>
internal static class BenchImages
{
    public static Image<Rgba32> Photo(int width, int height, int seed)
    {
        var image = new Image<Rgba32>(width, height);
        image.ProcessPixelRows(rows =>
        {
            var random = new Random(seed);
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
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

    /// <summary>
    /// White where the region is: a disk of radius min(w, h)/6 with a bite out of it and a smaller disk beside it
    /// (the shape of the imaging bench's CPU path), black elsewhere.
    /// </summary>
    public static Image<Rgba32> RegionMask(int width, int height)
    {
        var mask = new Image<Rgba32>(width, height);
        double cx = width / 2.0, cy = height / 2.0, r = Math.Min(width, height) / 6.0;
        mask.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var inMain = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
                    var bite = (x - cx - r) * (x - cx - r) + (y - cy) * (y - cy) <= r * r / 4;
                    var second = (x - cx + 1.3 * r) * (x - cx + 1.3 * r) + (y - cy - 0.8 * r) * (y - cy - 0.8 * r) <= r * r / 9;
                    var v = (byte)((inMain && !bite) || second ? 255 : 0);
                    row[x] = new Rgba32(v, v, v, 255);
                }
            }
        });
        return mask;
    }

    public static byte[] Png(Image<Rgba32> image)
    {
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder { ColorType = PngColorType.Rgb });
        return stream.ToArray();
    }

    public static byte[] Jpeg(Image<Rgba32> image, int quality)
    {
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = quality });
        return stream.ToArray();
    }
}
