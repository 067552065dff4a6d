using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Tests.Generation;

/// <summary>Fill scenes with a known background and the measure used to compare fills (shapes and pixel comparison: <c>Inpaint.Testing.TestImages</c>).</summary>
internal static class FillImages
{
    public static string DataPath(string name) => Path.Combine(AppContext.BaseDirectory, "Generation", "data", name);

    /// <summary>A regular texture: coloured bricks of 16×8 px with 2 px mortar, every other row offset by half a brick.</summary>
    public static Image<Rgba32> Bricks(int width, int height)
    {
        var image = new Image<Rgba32>(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int row = y / 8;
                int bx = (x + (row % 2) * 8) % 16;
                bool mortar = y % 8 < 2 || bx < 2;
                image[x, y] = mortar ? new Rgba32(200, 200, 190) : new Rgba32((byte)(150 + 10 * (row % 3)), 60, 40);
            }
        }
        return image;
    }

    /// <summary>A sky: a smooth vertical colour gradient, dark blue at the top to pale near the horizon.</summary>
    public static Image<Rgba32> Sky(int width, int height)
    {
        var image = new Image<Rgba32>(width, height);
        for (int y = 0; y < height; y++)
        {
            double t = (double)y / (height - 1);
            var c = new Rgba32((byte)(30 + 170 * t), (byte)(70 + 140 * t), (byte)(160 + 80 * t));
            for (int x = 0; x < width; x++) image[x, y] = c;
        }
        return image;
    }

    /// <summary>A smooth diagonal colour gradient in which every pixel's colour is unique (no exemplar can match it exactly).</summary>
    public static Image<Rgba32> Gradient(int width, int height)
    {
        var image = new Image<Rgba32>(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                image[x, y] = new Rgba32((byte)(40 + 150 * x / (width - 1)), (byte)(90 + 100 * y / (height - 1)), (byte)(220 - 60 * (x + y) / (width + height - 2)));
        return image;
    }

    /// <summary>The truth with a flat, off-colour object painted over the masked area (what the user removes).</summary>
    public static Image<Rgba32> WithObject(Image<Rgba32> truth, MaskPlane mask, Rgba32 colour)
    {
        var image = truth.Clone();
        for (int y = 0; y < mask.Height; y++)
            for (int x = 0; x < mask.Width; x++)
                if (mask[x, y] >= 0.5f) image[x, y] = colour;
        return image;
    }

    /// <summary>PSNR in dB over the RGB values of the pixels where the mask is at least 0.5.</summary>
    public static double HolePsnr(Image<Rgba32> truth, Image<Rgba32> filled, MaskPlane mask)
    {
        double sum = 0;
        long n = 0;
        for (int y = 0; y < mask.Height; y++)
        {
            for (int x = 0; x < mask.Width; x++)
            {
                if (mask[x, y] < 0.5f) continue;
                var a = truth[x, y];
                var b = filled[x, y];
                sum += Sq(a.R - b.R) + Sq(a.G - b.G) + Sq(a.B - b.B);
                n += 3;
            }
        }
        double mse = sum / n;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);

        static double Sq(double v) => v * v;
    }
}
