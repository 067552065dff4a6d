using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>Conversions between crops/masks and the NCHW planes the generation models take.</summary>
internal static class PixelPlanes
{
    /// <summary>
    /// Writes <paramref name="image"/> (resized to <paramref name="width"/>×<paramref name="height"/> with a
    /// bicubic filter when its size differs) as R, G, B planes of <c>value·scale + offset</c>, where value is
    /// the 0–255 channel, into <paramref name="destination"/> (length 3·W·H).
    /// </summary>
    public static void Write(Image<Rgba32> image, int width, int height, float scale, float offset, Span<float> destination)
    {
        if (destination.Length != 3 * width * height)
            throw new ArgumentException($"Destination holds {destination.Length} values; 3×{width}×{height} needed.", nameof(destination));
        var source = image.Width == width && image.Height == height ? image : image.Clone(c => c.Resize(width, height, KnownResamplers.Bicubic));
        try
        {
            int plane = width * height;
            var target = destination.ToArray();
            source.ProcessPixelRows(rows =>
            {
                for (int y = 0; y < height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (int x = 0; x < width; x++)
                    {
                        int p = y * width + x;
                        target[p] = row[x].R * scale + offset;
                        target[plane + p] = row[x].G * scale + offset;
                        target[2 * plane + p] = row[x].B * scale + offset;
                    }
                }
            });
            target.CopyTo(destination);
        }
        finally
        {
            if (!ReferenceEquals(source, image)) source.Dispose();
        }
    }

    /// <summary>
    /// Reads R, G, B planes of <paramref name="width"/>×<paramref name="height"/> as <c>value·scale + offset</c>
    /// (clamped to 0–255) into an image, resized to <paramref name="outputWidth"/>×<paramref name="outputHeight"/>
    /// when different (bicubic).
    /// </summary>
    public static Image<Rgba32> Read(ReadOnlySpan<float> planes, int width, int height, float scale, float offset, int outputWidth, int outputHeight)
    {
        int plane = width * height;
        var image = new Image<Rgba32>(width, height);
        var values = planes.ToArray();
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < width; x++)
                {
                    int p = y * width + x;
                    row[x] = new Rgba32(ToByte(values[p] * scale + offset), ToByte(values[plane + p] * scale + offset), ToByte(values[2 * plane + p] * scale + offset), 255);
                }
            }
        });
        if (outputWidth != width || outputHeight != height)
            image.Mutate(c => c.Resize(outputWidth, outputHeight, KnownResamplers.Bicubic));
        return image;
    }

    /// <summary>
    /// The mask at <paramref name="width"/>×<paramref name="height"/> (nearest neighbour), binarised:
    /// 1 where coverage is at least <paramref name="threshold"/> (white = repaint), else 0.
    /// </summary>
    public static float[] BinaryMask(MaskPlane mask, int width, int height, float threshold = 0.5f)
    {
        var result = new float[width * height];
        for (int y = 0; y < height; y++)
        {
            int sy = Math.Min(mask.Height - 1, (int)((y + 0.5) * mask.Height / height));
            var row = mask.Row(sy);
            for (int x = 0; x < width; x++)
            {
                int sx = Math.Min(mask.Width - 1, (int)((x + 0.5) * mask.Width / width));
                result[y * width + x] = row[sx] >= threshold ? 1f : 0f;
            }
        }
        return result;
    }

    /// <summary>
    /// The mask at <paramref name="width"/>×<paramref name="height"/> (tent-resized when its size differs) averaged
    /// over each <paramref name="block"/>×<paramref name="block"/> cell: the mean coverage of each latent element's
    /// pixels, [height/block, width/block].
    /// </summary>
    public static float[] BlockAverage(MaskPlane mask, int width, int height, int block)
    {
        var plane = mask.Width == width && mask.Height == height ? mask : MaskOps.Resize(mask, width, height);
        int w = width / block, h = height / block;
        var result = new float[w * h];
        for (int y = 0; y < h * block; y++)
        {
            var row = plane.Row(y);
            var cells = result.AsSpan(y / block * w, w);
            for (int x = 0; x < w * block; x++) cells[x / block] += row[x];
        }
        float share = 1f / (block * block);
        for (int i = 0; i < result.Length; i++) result[i] *= share;
        return result;
    }

    /// <summary>Rounds <paramref name="value"/> down to a multiple of <paramref name="multiple"/> (at least one multiple).</summary>
    public static int FloorTo(int value, int multiple) => Math.Max(multiple, value / multiple * multiple);

    private static byte ToByte(float v) => (byte)Math.Clamp(MathF.Round(v), 0f, 255f);
}
