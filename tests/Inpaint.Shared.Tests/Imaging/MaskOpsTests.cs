using Inpaint.Shared.Imaging;
using Inpaint.Testing;

namespace Inpaint.Shared.Tests.Imaging;

public class MaskOpsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(12)]
    public void Expand_equals_bruteforce_dilation_on_a_random_mask(int radius)
    {
        var random = new Random(radius);
        var mask = new MaskPlane(61, 47);
        for (var i = 0; i < 12; i++) mask[random.Next(61), random.Next(47)] = 1f;
        var expected = MaskReference.Dilate(mask, radius);
        var actual = MaskOps.Expand(mask, radius);
        Assert.Equal(expected.Data, actual.Data);
    }

    [Fact]
    public void Expanding_nothing_gives_nothing()
    {
        var actual = MaskOps.Expand(new MaskPlane(40, 30), 64);
        Assert.False(actual.Any());
    }

    [Fact]
    public void Blur_keeps_a_solid_mask_solid()
    {
        var solid = new MaskPlane(50, 40);
        Array.Fill(solid.Data, 1f);
        var blurred = MaskOps.Blur(solid, 24);
        Assert.All(blurred.Data, v => Assert.InRange(v, 0.9999f, 1.0001f));
    }

    [Fact]
    public void Blur_of_a_disk_is_close_to_an_exact_gaussian()
    {
        var disk = TestImages.Disk(96, 80, 40, 38, 14);
        var actual = MaskOps.Blur(disk, 6);
        var expected = MaskReference.GaussianBlur(disk, 6);
        var worst = actual.Data.Zip(expected.Data, (a, e) => Math.Abs(a - e)).Max();
        Assert.True(worst < 0.02, $"max |difference| = {worst}");
    }

    [Fact]
    public void Invert_swaps_foreground_and_background()
    {
        var mask = TestImages.Rectangle(10, 10, 2, 2, 3, 3);
        var inverted = MaskOps.Invert(mask);
        Assert.Equal(0f, inverted[3, 3]);
        Assert.Equal(1f, inverted[0, 0]);
        Assert.Equal(mask.Data, MaskOps.Invert(inverted).Data);
    }

    [Fact]
    public void Resizing_a_constant_mask_keeps_it_constant()
    {
        var constant = new MaskPlane(37, 23);
        Array.Fill(constant.Data, 0.625f);
        foreach (var (w, h) in new[] { (10, 7), (37, 23), (100, 61) })
            Assert.All(MaskOps.Resize(constant, w, h).Data, v => Assert.Equal(0.625f, v, 5));
    }

    [Theory]
    [InlineData(48, 30, 17, 11)]
    [InlineData(17, 11, 48, 30)]
    [InlineData(40, 40, 20, 20)]
    public void Resize_equals_a_bruteforce_tent_filter(int fromW, int fromH, int toW, int toH)
    {
        var random = new Random(fromW * toW);
        var mask = new MaskPlane(fromW, fromH);
        for (var i = 0; i < mask.Data.Length; i++) mask.Data[i] = (float)random.NextDouble();
        var actual = MaskOps.Resize(mask, toW, toH);
        var expected = MaskReference.TentResize(mask, toW, toH);
        for (var i = 0; i < expected.Data.Length; i++) Assert.Equal(expected.Data[i], actual.Data[i], 4);
    }
}
