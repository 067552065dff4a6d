using Inpaint.Inference.Generation;

namespace Inpaint.Inference.Tests.Generation;

public sealed class HarmonicFillTests
{
    [Fact]
    public void A_hole_in_a_linear_ramp_is_filled_with_the_ramp()
    {
        // A linear function is harmonic: the membrane over any hole in it is the function itself.
        const int width = 200, height = 150;
        var values = new float[width * height];
        var known = Disc(width, height, 90, 70, 50);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                values[y * width + x] = known[y * width + x] ? 20 + 0.6f * x + 0.4f * y : 0;

        HarmonicFill.Solve(values, known, width, height, CancellationToken.None);

        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                Assert.InRange(values[y * width + x], 20 + 0.6f * x + 0.4f * y - 1, 20 + 0.6f * x + 0.4f * y + 1);
    }

    [Fact]
    public void Channels_solved_together_are_the_same_bits_as_each_alone()
    {
        const int width = 97, height = 61;
        var random = new Random(3);
        var known = Disc(width, height, 0, 30, 25);   // touches the left edge: the edge relaxation runs too
        for (var i = 0; i < known.Length; i++) known[i] &= random.Next(40) != 0;
        var planes = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, width * height).Select(_ => (float)random.Next(256)).ToArray()).ToArray();
        var alone = planes.Select(p => (float[])p.Clone()).ToArray();

        HarmonicFill.Solve(planes, known, width, height, CancellationToken.None);
        foreach (var plane in alone) HarmonicFill.Solve(plane, known, width, height, CancellationToken.None);

        for (var c = 0; c < 3; c++)
            Assert.Equal(alone[c].Select(BitConverter.SingleToInt32Bits), planes[c].Select(BitConverter.SingleToInt32Bits));
    }

    /// <summary>Known everywhere but a disc.</summary>
    private static bool[] Disc(int width, int height, int cx, int cy, int radius)
    {
        var known = new bool[width * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                known[y * width + x] = (x - cx) * (x - cx) + (y - cy) * (y - cy) >= radius * radius;
        return known;
    }
}
