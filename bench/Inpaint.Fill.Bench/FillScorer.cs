using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Fill.Bench;

/// <summary>The bench's metrics (see <see cref="FillScore"/>); all read the truth and the fill, never the input.</summary>
internal static class FillScorer
{
    /// <summary>A hole is textured when the truth's luma Laplacian variance in it exceeds this (a std of 6 grey levels).</summary>
    public const double TexturedLaplacianVariance = 36;

    public static FillScore Score(HoleCase c, Image<Rgba32> fill, double milliseconds)
    {
        int w = c.Truth.Width, h = c.Truth.Height;
        var hole = new bool[w * h];
        for (int i = 0; i < hole.Length; i++) hole[i] = c.Hole.Data[i] >= 0.5f;
        var (truthRgb, truthY) = Planes(c.Truth);
        var (fillRgb, fillY) = Planes(fill);

        double se = 0;
        int n = 0, changedOutside = 0;
        for (int p = 0; p < hole.Length; p++)
        {
            if (hole[p])
            {
                for (int k = 0; k < 3; k++) { double d = truthRgb[p * 3 + k] - fillRgb[p * 3 + k]; se += d * d; }
                n++;
            }
            else if (truthRgb[p * 3] != fillRgb[p * 3] || truthRgb[p * 3 + 1] != fillRgb[p * 3 + 1] || truthRgb[p * 3 + 2] != fillRgb[p * 3 + 2])
            {
                changedOutside++;
            }
        }
        double mse = se / (3.0 * n);
        double psnr = mse <= 0 ? 99 : 10 * Math.Log10(255.0 * 255.0 / mse);

        var ssimMap = SsimMap(truthY, fillY, w, h);
        double ssim = 0;
        for (int p = 0; p < hole.Length; p++) if (hole[p]) ssim += ssimMap[p];
        ssim /= n;

        double textureRatio = LaplacianVariance(fillY, hole, w, h) / Math.Max(1e-9, LaplacianVariance(truthY, hole, w, h));
        double seamRatio = SeamGradient(fillY, hole, w, h) / Math.Max(1e-9, SeamGradient(truthY, hole, w, h));
        int specks = Specks(fillY, hole, w, h) - Specks(truthY, hole, w, h);
        return new FillScore(psnr, ssim, textureRatio, seamRatio, specks, changedOutside, milliseconds);
    }

    public static bool IsTextured(HoleCase c)
    {
        int w = c.Truth.Width, h = c.Truth.Height;
        var hole = new bool[w * h];
        for (int i = 0; i < hole.Length; i++) hole[i] = c.Hole.Data[i] >= 0.5f;
        return LaplacianVariance(Planes(c.Truth).Luma, hole, w, h) > TexturedLaplacianVariance;
    }

    private static (double[] Rgb, double[] Luma) Planes(Image<Rgba32> image)
    {
        int w = image.Width, h = image.Height;
        var rgb = new double[w * h * 3];
        var luma = new double[w * h];
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < h; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < w; x++)
                {
                    int p = y * w + x;
                    rgb[p * 3] = row[x].R;
                    rgb[p * 3 + 1] = row[x].G;
                    rgb[p * 3 + 2] = row[x].B;
                    luma[p] = 0.299 * row[x].R + 0.587 * row[x].G + 0.114 * row[x].B;
                }
            }
        });
        return (rgb, luma);
    }

    /// <summary>SSIM map with an 11×11 Gaussian window (σ 1.5), C1 = (0.01·255)², C2 = (0.03·255)²; the window is clipped at the image border.</summary>
    private static double[] SsimMap(double[] a, double[] b, int w, int h)
    {
        const double c1 = 6.5025, c2 = 58.5225;
        var kernel = new double[11];
        for (int i = 0; i < 11; i++) kernel[i] = Math.Exp(-(i - 5) * (i - 5) / (2 * 1.5 * 1.5));
        var ma = Blur(a, w, h, kernel);
        var mb = Blur(b, w, h, kernel);
        var aa = Blur(a.Select(v => v * v).ToArray(), w, h, kernel);
        var bb = Blur(b.Select(v => v * v).ToArray(), w, h, kernel);
        var ab = Blur(a.Zip(b, (x, y) => x * y).ToArray(), w, h, kernel);
        var map = new double[w * h];
        for (int p = 0; p < map.Length; p++)
        {
            double va = aa[p] - ma[p] * ma[p], vb = bb[p] - mb[p] * mb[p], cov = ab[p] - ma[p] * mb[p];
            map[p] = (2 * ma[p] * mb[p] + c1) * (2 * cov + c2) / ((ma[p] * ma[p] + mb[p] * mb[p] + c1) * (va + vb + c2));
        }
        return map;
    }

    /// <summary>Separable normalised blur; near the border the kernel is renormalised over the pixels inside.</summary>
    private static double[] Blur(double[] v, int w, int h, double[] kernel)
    {
        int r = kernel.Length / 2;
        var tmp = new double[v.Length];
        var output = new double[v.Length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double s = 0, ws = 0;
                for (int k = -r; k <= r; k++)
                {
                    int xx = x + k;
                    if ((uint)xx >= (uint)w) continue;
                    s += kernel[k + r] * v[y * w + xx];
                    ws += kernel[k + r];
                }
                tmp[y * w + x] = s / ws;
            }
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double s = 0, ws = 0;
                for (int k = -r; k <= r; k++)
                {
                    int yy = y + k;
                    if ((uint)yy >= (uint)h) continue;
                    s += kernel[k + r] * tmp[yy * w + x];
                    ws += kernel[k + r];
                }
                output[y * w + x] = s / ws;
            }
        return output;
    }

    /// <summary>Variance of the 4-neighbour Laplacian over the hole's pixels whose neighbours are all in the hole (the seam is scored apart).</summary>
    private static double LaplacianVariance(double[] luma, bool[] hole, int w, int h)
    {
        double s = 0, ss = 0;
        int n = 0;
        for (int y = 1; y < h - 1; y++)
            for (int x = 1; x < w - 1; x++)
            {
                int p = y * w + x;
                if (!hole[p] || !hole[p - 1] || !hole[p + 1] || !hole[p - w] || !hole[p + w]) continue;
                double l = luma[p - 1] + luma[p + 1] + luma[p - w] + luma[p + w] - 4 * luma[p];
                s += l;
                ss += l * l;
                n++;
            }
        if (n == 0) return 0;
        double mean = s / n;
        return ss / n - mean * mean;
    }

    /// <summary>Mean central-difference gradient magnitude over pixels within one pixel (Chebyshev) of the hole's border, on either side.</summary>
    private static double SeamGradient(double[] luma, bool[] hole, int w, int h)
    {
        double s = 0;
        int n = 0;
        for (int y = 1; y < h - 1; y++)
            for (int x = 1; x < w - 1; x++)
            {
                int p = y * w + x;
                bool border = false;
                for (int dy = -1; dy <= 1 && !border; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                        if (hole[p + dy * w + dx] != hole[p]) { border = true; break; }
                if (!border) continue;
                double gx = (luma[p + 1] - luma[p - 1]) / 2, gy = (luma[p + w] - luma[p - w]) / 2;
                s += Math.Sqrt(gx * gx + gy * gy);
                n++;
            }
        return n == 0 ? 0 : s / n;
    }

    /// <summary>Hole pixels more than 40 grey levels above or below all 8 neighbours: isolated specks.</summary>
    private static int Specks(double[] luma, bool[] hole, int w, int h)
    {
        int count = 0;
        for (int y = 1; y < h - 1; y++)
            for (int x = 1; x < w - 1; x++)
            {
                int p = y * w + x;
                if (!hole[p]) continue;
                bool above = true, below = true;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        if (dx == 0 && dy == 0) continue;
                        double q = luma[p + dy * w + dx];
                        if (luma[p] - q <= 40) above = false;
                        if (q - luma[p] <= 40) below = false;
                    }
                if (above || below) count++;
            }
        return count;
    }
}
