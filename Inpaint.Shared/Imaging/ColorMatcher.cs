using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// Optional colour matching at the seam (<c>color_match</c>). Generators drift in colour; where they should
/// have kept the scene — a band just outside the region to fill — the generated crop is compared with the
/// original crop, and the generated crop is corrected per channel so its mean and standard deviation in
/// that band equal the original's: out = (g − μ_gen)·(σ_orig / σ_gen) + μ_orig. The gain is limited to
/// [0.5, 2] and flat bands (σ_gen &lt; 1 level) only shift the mean, so a degenerate band cannot blow up the
/// result. Run it on the working-size crop before <see cref="Compositor.Stitch"/>.
/// </summary>
public static class ColorMatcher
{
    public const int DefaultBandPx = 16;

    /// <summary>
    /// Returns a colour-corrected copy of <paramref name="generatedWork"/>. The band is the pixels outside
    /// <paramref name="regionWork"/> (values ≥ 0.5; use <see cref="RefinedMask.Binary"/>) within
    /// <paramref name="bandPx"/> working pixels of it. All three arguments are at the working size. When the
    /// band is empty (the region fills the crop) the copy is unchanged.
    /// </summary>
    public static Image<Rgba32> Match(Image<Rgba32> generatedWork, Image<Rgba32> originalWork, MaskPlane regionWork, int bandPx = DefaultBandPx)
    {
        ArgumentNullException.ThrowIfNull(generatedWork);
        ArgumentNullException.ThrowIfNull(originalWork);
        ArgumentNullException.ThrowIfNull(regionWork);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bandPx);
        int w = generatedWork.Width, h = generatedWork.Height;
        if (originalWork.Width != w || originalWork.Height != h || regionWork.Width != w || regionWork.Height != h)
            throw new ArgumentException($"The generated crop ({w}×{h}), the original crop ({originalWork.Width}×{originalWork.Height}) and the region ({regionWork.Width}×{regionWork.Height}) must have the same size.");

        var grown = MaskOps.Expand(regionWork, bandPx);
        Span<double> sumG = stackalloc double[3], sumG2 = stackalloc double[3], sumO = stackalloc double[3], sumO2 = stackalloc double[3];
        long count = 0;
        for (var y = 0; y < h; y++)
        {
            var gen = generatedWork.DangerousGetPixelRowMemory(y).Span;
            var orig = originalWork.DangerousGetPixelRowMemory(y).Span;
            var band = grown.Row(y);
            var region = regionWork.Row(y);
            for (var x = 0; x < w; x++)
            {
                if (band[x] == 0f || region[x] >= 0.5f) continue;
                var g = gen[x];
                var o = orig[x];
                Add(sumG, sumG2, g.R, g.G, g.B);
                Add(sumO, sumO2, o.R, o.G, o.B);
                count++;
            }
        }

        var result = generatedWork.Clone();
        if (count == 0) return result;

        Span<float> gain = stackalloc float[3], offset = stackalloc float[3];
        for (var c = 0; c < 3; c++)
        {
            var meanG = sumG[c] / count;
            var meanO = sumO[c] / count;
            var sdG = Math.Sqrt(Math.Max(0, sumG2[c] / count - meanG * meanG));
            var sdO = Math.Sqrt(Math.Max(0, sumO2[c] / count - meanO * meanO));
            var k = sdG < 1 ? 1 : Math.Clamp(sdO / sdG, 0.5, 2);
            gain[c] = (float)k;
            offset[c] = (float)(meanO - k * meanG);
        }

        // A 256-entry table per channel: the correction is a function of the input byte alone.
        var lut = new byte[3 * 256];
        for (var c = 0; c < 3; c++)
            for (var v = 0; v < 256; v++)
                lut[c * 256 + v] = (byte)Math.Clamp((int)MathF.Round(v * gain[c] + offset[c]), 0, 255);

        result.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    ref var p = ref row[x];
                    p = new Rgba32(lut[p.R], lut[256 + p.G], lut[512 + p.B], p.A);
                }
            }
        });
        return result;
    }

    /// <summary>Convenience: extracts the original crop from <paramref name="source"/> with <paramref name="box"/> first.</summary>
    public static Image<Rgba32> Match(Image<Rgba32> generatedWork, Image<Rgba32> source, CropBox box, MaskPlane regionWork, int bandPx = DefaultBandPx)
    {
        using var originalWork = CropSampler.Extract(source, box);
        return Match(generatedWork, originalWork, regionWork, bandPx);
    }

    private static void Add(Span<double> sum, Span<double> sum2, byte r, byte g, byte b)
    {
        sum[0] += r; sum[1] += g; sum[2] += b;
        sum2[0] += r * r; sum2[1] += g * g; sum2[2] += b * b;
    }
}
