using Inpaint.Inference.Generation;

namespace Inpaint.Inference.Tests.Generation;

/// <summary>
/// The gradient-domain blend on a fill whose source is known exactly: a periodic texture (period 16 px) whose
/// right part (x ≥ 48) may be brighter, and a hole on the left filled by copying from 48 px to the right.
/// </summary>
public sealed class PatchMatchSeamBlendTests
{
    private const int Width = 96, Height = 64, Shift = 48;

    [Fact]
    public void A_copy_that_continues_its_surroundings_exactly_is_left_as_it_is()
    {
        var (pixels, hole, copiedFrom) = Scene(offset: 0);
        var before = (float[])pixels.Clone();
        PatchMatchSeamBlend.Apply(Width, Height, pixels, hole, copiedFrom, new ParallelOptions());
        float worst = 0;
        for (int i = 0; i < pixels.Length; i++) worst = Math.Max(worst, Math.Abs(pixels[i] - before[i]));
        Assert.True(worst < 1e-3f, $"a value moved by {worst} though the copy matched its surroundings");
    }

    [Fact]
    public void A_copy_from_a_brighter_part_takes_the_surroundings_brightness_and_keeps_its_texture()
    {
        var (pixels, hole, copiedFrom) = Scene(offset: 20);
        var before = (float[])pixels.Clone();
        PatchMatchSeamBlend.Apply(Width, Height, pixels, hole, copiedFrom, new ParallelOptions());
        float worstInside = 0, worstOutside = 0;
        for (int p = 0; p < hole.Length; p++)
            for (int c = 0; c < 3; c++)
            {
                int i = p * 3 + c;
                if (hole[p]) worstInside = Math.Max(worstInside, Math.Abs(pixels[i] - Texture(p % Width, p / Width)));
                else worstOutside = Math.Max(worstOutside, Math.Abs(pixels[i] - before[i]));
            }
        // The texture is the same on both sides, so the only mismatch is the +20 offset: removing it
        // leaves the texture itself, to within the membrane solver's convergence.
        Assert.True(worstInside < 0.5f, $"a hole value is {worstInside:F2} off the texture at the surroundings' brightness (it was copied 20 brighter)");
        Assert.True(worstOutside == 0f, $"a known value moved by {worstOutside}");
    }

    private static float Texture(int x, int y) => 100f + 30f * MathF.Sin(2 * MathF.PI * x / 16f) * MathF.Cos(2 * MathF.PI * y / 16f);

    private static (float[] Pixels, bool[] Hole, int[] CopiedFrom) Scene(float offset)
    {
        var pixels = new float[Width * Height * 3];
        var hole = new bool[Width * Height];
        var copiedFrom = new int[Width * Height];
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                int p = y * Width + x;
                float v = Texture(x, y) + (x >= Shift ? offset : 0f);
                pixels[p * 3] = pixels[p * 3 + 1] = pixels[p * 3 + 2] = v;
                hole[p] = (x - 24) * (x - 24) + (y - 32) * (y - 32) <= 10 * 10;
                copiedFrom[p] = -1;
            }
        for (int p = 0; p < hole.Length; p++)
        {
            if (!hole[p]) continue;
            copiedFrom[p] = p + Shift;
            for (int c = 0; c < 3; c++) pixels[p * 3 + c] = pixels[(p + Shift) * 3 + c];
        }
        return (pixels, hole, copiedFrom);
    }
}
