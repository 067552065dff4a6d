using Inpaint.Shared.Imaging;

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
}
