using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Tests.Fills;

/// <summary>
/// Reference harmonic (membrane) fill for comparisons: solves Laplace's equation in the hole with the
/// known pixels as boundary values (successive over-relaxation until the largest update is below 1e-3).
/// Stands in for the lead's <c>HarmonicFill</c> until it lands in main.
/// </summary>
internal static class MembraneFill
{
    public static Image<Rgba32> Fill(Image<Rgba32> crop, MaskPlane mask)
    {
        int w = crop.Width, h = crop.Height;
        var v = new double[3, w * h];
        var hole = new bool[w * h];
        double mean0 = 0, mean1 = 0, mean2 = 0;
        int known = 0;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int p = y * w + x;
                var c = crop[x, y];
                hole[p] = mask[x, y] >= 0.5f;
                v[0, p] = c.R; v[1, p] = c.G; v[2, p] = c.B;
                if (!hole[p]) { mean0 += c.R; mean1 += c.G; mean2 += c.B; known++; }
            }
        }
        for (int p = 0; p < w * h; p++)
            if (hole[p]) { v[0, p] = mean0 / known; v[1, p] = mean1 / known; v[2, p] = mean2 / known; }

        const double omega = 1.9;
        for (int iteration = 0; iteration < 20000; iteration++)
        {
            double largest = 0;
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int p = y * w + x;
                    if (!hole[p]) continue;
                    for (int c = 0; c < 3; c++)
                    {
                        double s = 0;
                        int n = 0;
                        if (x > 0) { s += v[c, p - 1]; n++; }
                        if (x < w - 1) { s += v[c, p + 1]; n++; }
                        if (y > 0) { s += v[c, p - w]; n++; }
                        if (y < h - 1) { s += v[c, p + w]; n++; }
                        double update = omega * (s / n - v[c, p]);
                        v[c, p] += update;
                        largest = Math.Max(largest, Math.Abs(update));
                    }
                }
            }
            if (largest < 1e-3) break;
        }

        var result = crop.Clone();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int p = y * w + x;
                if (!hole[p]) continue;
                result[x, y] = new Rgba32(B(v[0, p]), B(v[1, p]), B(v[2, p]), crop[x, y].A);
            }
        return result;

        static byte B(double d) => (byte)Math.Clamp(Math.Round(d), 0, 255);
    }
}
