using Inpaint.Inference.Generation;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static Inpaint.Inference.Tests.Generation.Diffusion.DiffusionTestImages;

namespace Inpaint.Inference.Tests.Generation.Diffusion;

/// <summary>
/// What soft inpainting promises through an engine, checked on the latents of every level (0 = initial,
/// k + 1 = after step k), unpacked to [C, h, w]: alpha 0 is the original re-noised to each level, alpha 1 is
/// the plain pipeline's, and the ramp between follows the original for the first (1 − a) share of the steps,
/// fewer the higher its alpha. The tiny models act per latent element, so an element's trajectory depends on
/// its own alpha only (a real model also looks at its neighbours).
/// </summary>
internal static class SoftInpaintingTrajectory
{
    /// <summary>
    /// Two runs of the same tiny SD pipeline on the same input were seen to differ by up to 1.5e-5 in the latents
    /// (a last-bit difference on ORT's CPU, amplified by DDIM's first step, 1/√ᾱ ≈ 15), so "equal" means within
    /// this; the differences the checks look for are above 1e-2.
    /// </summary>
    public const float Tolerance = 1e-4f;

    /// <summary>Alpha per latent column (8-pixel columns of the 64×48 test crop): 0 outside, a ramp, 1 inside.</summary>
    public static readonly float[] ColumnAlpha = [0f, 0f, 0.25f, 0.5f, 0.75f, 1f, 1f, 1f];

    /// <summary>The crop-size alpha plane, constant over each 8×8 block so each latent element's alpha is exact.</summary>
    public static MaskPlane Alpha()
    {
        var alpha = new MaskPlane(Width, Height);
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                alpha[x, y] = ColumnAlpha[x / 8];
        return alpha;
    }

    /// <summary>The region the alpha feathers out of: latent columns 5–7 (x ≥ 40), where the alpha is 1.</summary>
    public static MaskPlane Region()
    {
        var region = new MaskPlane(Width, Height);
        for (int y = 0; y < Height; y++)
            for (int x = 40; x < Width; x++)
                region[x, y] = 1f;
        return region;
    }

    /// <summary>A request for <see cref="Region"/>, with <see cref="Alpha"/> when <paramref name="soft"/>.</summary>
    public static GenerationRequest Request(Image<Rgba32> crop, long seed, bool soft) =>
        DiffusionTestImages.Request(crop, seed) with { Mask = Region(), Alpha = soft ? Alpha() : null };

    /// <summary>
    /// Runs three soft samples (seeds 10–12) as one batch and one by one through engines made by
    /// <paramref name="engine"/> with a latents observer; returns the largest difference, over every level and
    /// element, between batch sample i and single run i.
    /// </summary>
    public static async Task<float> BatchVersusSingles(Func<Action<int, float[]>, IGenerationEngine> engine, Image<Rgba32> crop)
    {
        var batch = new List<float[]>();
        foreach (var image in await engine((_, latents) => batch.Add(latents.ToArray())).GenerateBatchAsync([Request(crop, 10, true), Request(crop, 11, true), Request(crop, 12, true)], null, CancellationToken.None))
            image.Dispose();
        float worst = 0;
        for (int i = 0; i < 3; i++)
        {
            var single = new List<float[]>();
            (await engine((_, latents) => single.Add(latents.ToArray())).GenerateAsync(Request(crop, 10 + i, true), null, CancellationToken.None)).Dispose();
            Assert.Equal(batch.Count, single.Count);
            for (int level = 0; level < single.Count; level++)
            {
                int n = single[level].Length;
                for (int e = 0; e < n; e++)
                    worst = Math.Max(worst, Math.Abs(single[level][e] - batch[level][i * n + e]));
            }
        }
        return worst;
    }

    /// <summary>The largest difference between two trajectories, over every level and element.</summary>
    public static float MaxDifference(IReadOnlyList<float[]> a, IReadOnlyList<float[]> b)
    {
        Assert.Equal(a.Count, b.Count);
        float worst = 0;
        for (int level = 0; level < a.Count; level++)
            for (int e = 0; e < a[level].Length; e++)
                worst = Math.Max(worst, Math.Abs(a[level][e] - b[level][e]));
        return worst;
    }

    /// <param name="soft">The run with <see cref="Alpha"/>, per level.</param>
    /// <param name="plain">The same request without an alpha, per level.</param>
    /// <param name="renoised">The original crop's latents re-noised to a level with the sample's noise.</param>
    /// <param name="original">The original crop's clean latents: where alpha 0 ends.</param>
    public static void Check(IReadOnlyList<float[]> soft, IReadOnlyList<float[]> plain, Func<int, float[]> renoised, float[] original, int channels)
    {
        int steps = soft.Count - 1, h = Height / 8, w = Width / 8;
        Assert.Equal(plain.Count, soft.Count);
        var followedSteps = new int[w];
        for (int x = 0; x < w; x++)
        {
            float alpha = ColumnAlpha[x];
            var isOriginal = new bool[steps + 1];
            for (int level = 0; level <= steps; level++)
            {
                var expected = renoised(level);
                float fromOriginal = 0, fromPlain = 0;
                for (int c = 0; c < channels; c++)
                    for (int y = 0; y < h; y++)
                    {
                        int e = (c * h + y) * w + x;
                        fromOriginal = Math.Max(fromOriginal, Math.Abs(soft[level][e] - expected[e]));
                        fromPlain = Math.Max(fromPlain, Math.Abs(soft[level][e] - plain[level][e]));
                    }
                isOriginal[level] = fromOriginal <= Tolerance;
                if (alpha == 0f) Assert.True(isOriginal[level], $"alpha 0 (column {x}) is {fromOriginal} from the re-noised original at level {level}");
                if (alpha == 1f) Assert.True(fromPlain <= Tolerance, $"alpha 1 (column {x}) is {fromPlain} from the plain pipeline at level {level}");
            }
            // Steps followed: the levels after a step that are the re-noised original, which must be the first ones.
            while (followedSteps[x] < steps && isOriginal[followedSteps[x] + 1]) followedSteps[x]++;
            for (int level = followedSteps[x] + 1; level <= steps; level++)
                Assert.False(isOriginal[level], $"alpha {alpha} (column {x}) returns to the original at level {level} after leaving it at level {followedSteps[x] + 1}");
            int share = (int)((1 - alpha) * steps);
            Assert.True(followedSteps[x] == share, $"alpha {alpha} (column {x}) follows the original for {followedSteps[x]} of {steps} steps, not {share}");
            // An element that follows any step starts from the re-noised original too (flow matching's σ₀ = 1 makes that the plain noise).
            if (share > 0) Assert.True(isOriginal[0], $"alpha {alpha} (column {x}) does not start from the re-noised original");
            if (alpha == 0f)
                for (int c = 0; c < channels; c++)
                    for (int y = 0; y < h; y++)
                    {
                        int e = (c * h + y) * w + x;
                        Assert.True(Math.Abs(soft[steps][e] - original[e]) <= Tolerance, $"alpha 0 (column {x}) ends at {soft[steps][e]}, not the clean original {original[e]}");
                    }
        }
        // The ramp (columns 1–5, alpha 0 → 1) leaves the original step by step: the higher the alpha, the fewer
        // steps it follows and the farther it ends from the clean original (mean over the column's elements).
        var distance = new double[w];
        for (int x = 0; x < w; x++)
            for (int c = 0; c < channels; c++)
                for (int y = 0; y < h; y++)
                {
                    int e = (c * h + y) * w + x;
                    distance[x] += Math.Abs(soft[steps][e] - original[e]) / (channels * h);
                }
        for (int x = 2; x <= 5; x++)
        {
            Assert.True(followedSteps[x] < followedSteps[x - 1], $"steps followed per column: {string.Join(", ", followedSteps)}");
            Assert.True(distance[x] > distance[x - 1], $"mean distance from the original per column: {string.Join(", ", distance.Select(d => d.ToString("F4")))}");
        }
    }
}
