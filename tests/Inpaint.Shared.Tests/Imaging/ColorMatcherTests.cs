using Inpaint.Shared.Imaging;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Tests.Imaging;

public class ColorMatcherTests
{
    [Fact]
    public void A_colour_cast_in_the_band_is_removed()
    {
        using var original = TestImages.Gradient(96, 64);
        using var generated = original.Clone();
        // The generator darkened and tinted everything: g = 0.8·o + (10, 30, 0).
        generated.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
                foreach (ref var p in accessor.GetRowSpan(y))
                    p = new Rgba32((byte)(p.R * 0.8 + 10), (byte)(p.G * 0.8 + 30), (byte)(p.B * 0.8), 255);
        });
        var region = TestImages.Rectangle(96, 64, 30, 20, 36, 24);

        using var matched = ColorMatcher.Match(generated, original, region, bandPx: 8);

        var worst = 0;
        for (var y = 0; y < 64; y++)
            for (var x = 0; x < 96; x++)
            {
                var a = original[x, y]; var b = matched[x, y];
                worst = Math.Max(worst, Math.Max(Math.Abs(a.R - b.R), Math.Max(Math.Abs(a.G - b.G), Math.Abs(a.B - b.B))));
            }
        Assert.True(worst <= 2, $"largest channel difference after matching: {worst}");
    }

    [Fact]
    public void An_already_matching_crop_is_unchanged()
    {
        using var original = TestImages.Noise(40, 30, seed: 9);
        var region = TestImages.Rectangle(40, 30, 10, 10, 10, 10);
        using var matched = ColorMatcher.Match(original, original, region);
        Assert.True(TestImages.SamePixels(original, matched, out var diff), diff);
    }

    [Fact]
    public void A_region_that_fills_the_crop_leaves_the_colours_alone()
    {
        using var original = TestImages.Noise(20, 20, seed: 1);
        using var generated = TestImages.Noise(20, 20, seed: 2);
        var region = new MaskPlane(20, 20);
        Array.Fill(region.Data, 1f);
        using var matched = ColorMatcher.Match(generated, original, region);
        Assert.True(TestImages.SamePixels(generated, matched, out var diff), diff);
    }
}
