using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Fill.Bench;

/// <summary>
/// Fills that trade texture for SSIM on purpose (<c>--frontier</c>), to measure how far item 2 of issue 18 can
/// be pushed along that trade: each starts from our PatchMatch fill (P) and pulls part of it towards a smooth
/// estimate of the hole — the membrane fill (M) or the mean of several PatchMatch samples — where a random
/// texture's copy cannot be the hidden one. None is a product fill: they are the points of the trade-off curve
/// that docs/benchmarks.md reports, so the claim can be rerun.
/// </summary>
internal static class FrontierFills
{
    /// <summary>The PatchMatch seeds of the extra samples are the fill seed plus multiples of this.</summary>
    private const int SeedStride = 1000;

    /// <summary>The named fills; <paramref name="patchMatch"/> returns the PatchMatch fill of a case for a seed, cached.</summary>
    public static IEnumerable<(string Name, Func<Image<Rgba32>, HoleCase, Image<Rgba32>> Fill)> All(
        Func<Image<Rgba32>, HoleCase, long, Image<Rgba32>> patchMatch, Func<Image<Rgba32>, HoleCase, Image<Rgba32>> membrane, long seed)
    {
        foreach (var k in new[] { 0.85, 0.7 })
            yield return ($"frontier: M + {k}(P − M)", (input, c) => Attenuated(membrane(input, c), patchMatch(input, c, seed), c.Hole, k));
        foreach (var sigma in new[] { 1.0, 1.5 })
            yield return ($"frontier: P + ½G{sigma}(M − P)", (input, c) => HalfLowBand(patchMatch(input, c, seed), membrane(input, c), c.Hole, sigma));
        yield return ("frontier: mean of 3 P", (input, c) => Mean(Samples(input, c, patchMatch, seed, 3), c.Hole));
        yield return ("frontier: P + G1(mean of 3 P − P)", (input, c) =>
        {
            var samples = Samples(input, c, patchMatch, seed, 3);
            return LowBandFrom(samples[0], Mean(samples, c.Hole), c.Hole, 1, 1);
        });
        yield return ("frontier: P cored (σ 2, T 8)", (input, c) => Cored(patchMatch(input, c, seed), c.Hole, 2, 8));
    }

    private static List<Image<Rgba32>> Samples(Image<Rgba32> input, HoleCase c, Func<Image<Rgba32>, HoleCase, long, Image<Rgba32>> patchMatch, long seed, int count) =>
        Enumerable.Range(0, count).Select(i => patchMatch(input, c, seed + SeedStride * i)).ToList();

    /// <summary>M + k(P − M): the whole texture scaled by k about the smooth fill.</summary>
    private static Image<Rgba32> Attenuated(Image<Rgba32> smooth, Image<Rgba32> texture, MaskPlane hole, double k)
    {
        var (s, t) = (Planes(smooth), Planes(texture));
        return Write(texture, hole, (c, p) => s[c][p] + k * (t[c][p] - s[c][p]));
    }

    /// <summary>P + ½·G_σ(M − P): the low band halfway to the membrane, P's finest detail kept whole.</summary>
    private static Image<Rgba32> HalfLowBand(Image<Rgba32> texture, Image<Rgba32> smooth, MaskPlane hole, double sigma) =>
        LowBandFrom(texture, smooth, hole, sigma, 0.5);

    /// <summary>P + share·G_σ(S − P).</summary>
    private static Image<Rgba32> LowBandFrom(Image<Rgba32> texture, Image<Rgba32> smooth, MaskPlane hole, double sigma, double share)
    {
        var (s, t) = (Planes(smooth), Planes(texture));
        int w = texture.Width, h = texture.Height;
        var low = Enumerable.Range(0, 3).Select(c =>
            MaskOps.Blur(new MaskPlane(w, h, s[c].Zip(t[c], (a, b) => a - b).ToArray()), sigma).Data).ToArray();
        return Write(texture, hole, (c, p) => t[c][p] + share * low[c][p]);
    }

    /// <summary>The per-pixel mean of the samples in the hole.</summary>
    private static Image<Rgba32> Mean(IReadOnlyList<Image<Rgba32>> samples, MaskPlane hole)
    {
        var planes = samples.Select(Planes).ToList();
        return Write(samples[0], hole, (c, p) => planes.Average(q => q[c][p]));
    }

    /// <summary>
    /// Coring: detail d = P − G_σ(P) scaled by v / (v + T²), v the local (σ 2) mean of the luma detail's square —
    /// faint detail, which costs SSIM most where the truth is faint too, shrinks; strong detail stays.
    /// </summary>
    private static Image<Rgba32> Cored(Image<Rgba32> texture, MaskPlane hole, double sigma, double threshold)
    {
        var t = Planes(texture);
        int w = texture.Width, h = texture.Height;
        var low = t.Select(plane => MaskOps.Blur(new MaskPlane(w, h, plane), sigma).Data).ToArray();
        var energy = new float[w * h];
        for (int p = 0; p < energy.Length; p++)
        {
            float d = 0.299f * (t[0][p] - low[0][p]) + 0.587f * (t[1][p] - low[1][p]) + 0.114f * (t[2][p] - low[2][p]);
            energy[p] = d * d;
        }
        var v = MaskOps.Blur(new MaskPlane(w, h, energy), 2).Data;
        return Write(texture, hole, (c, p) => low[c][p] + v[p] / (v[p] + threshold * threshold) * (t[c][p] - low[c][p]));
    }

    private static float[][] Planes(Image<Rgba32> image)
    {
        int w = image.Width, h = image.Height;
        var planes = new[] { new float[w * h], new float[w * h], new float[w * h] };
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < h; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < w; x++)
                    (planes[0][y * w + x], planes[1][y * w + x], planes[2][y * w + x]) = (row[x].R, row[x].G, row[x].B);
            }
        });
        return planes;
    }

    /// <summary>A copy of <paramref name="outside"/> whose hole pixels are <paramref name="value"/>(channel, pixel).</summary>
    private static Image<Rgba32> Write(Image<Rgba32> outside, MaskPlane hole, Func<int, int, double> value)
    {
        var result = outside.Clone();
        int w = result.Width;
        result.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < w; x++)
                {
                    int p = y * w + x;
                    if (hole.Data[p] < 0.5f) continue;
                    row[x] = new Rgba32(ToByte(value(0, p)), ToByte(value(1, p)), ToByte(value(2, p)), 255);
                }
            }
        });
        return result;
    }

    private static byte ToByte(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);
}
