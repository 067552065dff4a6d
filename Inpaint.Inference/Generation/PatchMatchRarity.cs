namespace Inpaint.Inference.Generation;

/// <summary>
/// How foreign each exemplar patch is to the hole's surroundings: the patch mean, over its pixels, of
/// ln(<see cref="Floor"/> / share), where share is the part of the context band (the known pixels within
/// <see cref="BandRadii"/> patch radii of the hole) whose colour falls in the same bin (32 levels per
/// channel); colours at least that common there cost 0. The demo's failure was a flag-coloured edge
/// copied from a badge into a grey backdrop: the badge matched the hole's estimate, but nothing around the
/// hole had its colours. Everything that touches the hole is in the band, so a continuation of its
/// surroundings is never penalised; only what the surroundings do not show is.
/// </summary>
internal static class PatchMatchRarity
{
    /// <summary>
    /// Colours with at least this share of the band cost nothing. Chosen on the fill bench's development
    /// holes: 0.5 % and more penalised the sparse colours of real textures (the minimum texture ratio fell
    /// to 0.07), 0.1 % let a few flag pixels through in the badge test.
    /// </summary>
    private const float Floor = 0.002f;

    /// <summary>Width of the context band in patch radii (12 px at the finest level with 7×7 patches).</summary>
    private const int BandRadii = 4;

    /// <returns>Pixel index → the rarity of the patch centred there (0 where it is not a source).</returns>
    public static float[] Of(int width, int height, float[] pixels, bool[] hole, int radius, int[] sources)
    {
        var known = new bool[hole.Length];
        for (int p = 0; p < hole.Length; p++) known[p] = !hole[p];
        // Distance of every known pixel to the nearest hole pixel (the hole depth of the known region).
        var away = PatchMatchLevel.HoleDepth(known, width, height);
        var counts = new int[512];
        int total = 0;
        for (int p = 0; p < hole.Length; p++)
        {
            if (hole[p] || away[p] > BandRadii * radius) continue;
            counts[Bin(pixels, p)]++;
            total++;
        }

        var cost = new float[hole.Length];
        if (total > 0)
        {
            for (int p = 0; p < hole.Length; p++)
            {
                if (hole[p]) continue;
                float share = (counts[Bin(pixels, p)] + 1f) / (total + 1f);
                cost[p] = MathF.Max(0f, MathF.Log(Floor / share));
            }
        }

        // Patch means at the sources (sources lie wholly inside the image and off the hole).
        var rarity = new float[hole.Length];
        float area = (2 * radius + 1) * (2 * radius + 1);
        foreach (int s in sources)
        {
            int sx = s % width, sy = s / width;
            float sum = 0;
            for (int dy = -radius; dy <= radius; dy++)
            {
                int row = (sy + dy) * width + sx;
                for (int dx = -radius; dx <= radius; dx++) sum += cost[row + dx];
            }
            rarity[s] = sum / area;
        }
        return rarity;
    }

    /// <summary>The colour's bin: 3 bits per channel (0–255 → 0–7), R high.</summary>
    private static int Bin(float[] pixels, int p) =>
        (Level(pixels[p * 3]) << 6) | (Level(pixels[p * 3 + 1]) << 3) | Level(pixels[p * 3 + 2]);

    private static int Level(float v) => Math.Clamp((int)v >> 5, 0, 7);
}
