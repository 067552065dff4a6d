using Inpaint.Testing;
using SixLabors.ImageSharp.PixelFormats;

using Inpaint.Shared.Imaging;

namespace Inpaint.Shared.Tests.Imaging;

public class CropAndStitchTests
{
    [Fact]
    public void Crop_box_contains_the_mask_and_has_the_working_size()
    {
        var mask = TestImages.Rectangle(2000, 1500, 900, 600, 200, 100);
        var box = CropPlanner.Plan(mask, 1024);
        Assert.True(box.X <= 900 && box.Y <= 600 && box.X + box.Width >= 1100 && box.Y + box.Height >= 700, box.ToString());
        Assert.True(box.X >= 0 && box.Y >= 0 && box.X + box.Width <= 2000 && box.Y + box.Height <= 1500, box.ToString());
        Assert.Equal(1024, Math.Max(box.WorkWidth, box.WorkHeight));
        Assert.Equal(0, box.WorkWidth % 16);
        Assert.Equal(0, box.WorkHeight % 16);
        // Half the box size of context on each side: 100 px left/right, 50 px above/below.
        Assert.Equal((800, 550, 400, 200), (box.X, box.Y, box.Width, box.Height));
    }

    [Fact]
    public void An_empty_mask_is_a_mask_image_error()
    {
        var error = Assert.Throws<InvalidImageException>(() => CropPlanner.Plan(new MaskPlane(100, 100), 512));
        Assert.Equal("mask_image", error.Field);
    }

    [Fact]
    public void Stitching_in_place_equals_stitching_into_a_copy_and_touches_nothing_outside_the_box()
    {
        using var source = TestImages.Noise(300, 200, seed: 3, alpha: true);
        using var generated = TestImages.Noise(512, 256, seed: 4);
        var alpha = TestImages.Disk(512, 256, 256, 128, 90);
        var box = new CropBox(50, 40, 200, 100, 512, 256);
        using var copy = Compositor.Stitch(source, generated, alpha, box);

        using var inPlace = source.Clone();
        Compositor.StitchInPlace(inPlace, generated, alpha, box);

        Assert.True(TestImages.SamePixels(copy, inPlace, out var diff), diff);
        Assert.Equal(source[10, 10], inPlace[10, 10]);
        Assert.NotEqual(source[150, 90], inPlace[150, 90]);
    }

    [Fact]
    public void Stitching_with_zero_alpha_returns_the_original_bit_for_bit()
    {
        using var source = TestImages.Noise(300, 200, seed: 3, alpha: true);
        using var generated = TestImages.Noise(512, 256, seed: 4);
        var box = new CropBox(50, 40, 200, 100, 512, 256);
        using var result = Compositor.Stitch(source, generated, new MaskPlane(512, 256), box);
        Assert.True(TestImages.SamePixels(source, result, out var diff), diff);
    }

    [Fact]
    public void Stitching_the_unchanged_crop_at_scale_one_returns_the_original()
    {
        using var source = TestImages.Noise(300, 200, seed: 7);
        var box = new CropBox(50, 40, 160, 96, 160, 96);
        using var crop = CropSampler.Extract(source, box);
        var alpha = new MaskPlane(160, 96);
        Array.Fill(alpha.Data, 0.37f);
        using var result = Compositor.Stitch(source, crop, alpha, box);
        Assert.True(TestImages.SamePixels(source, result, out var diff), diff);
    }

    [Fact]
    public void Full_alpha_takes_the_generated_pixels_inside_the_box_only()
    {
        using var source = TestImages.Gradient(64, 64);
        using var generated = new SixLabors.ImageSharp.Image<Rgba32>(32, 32, new Rgba32(10, 200, 30, 255));
        var alpha = new MaskPlane(32, 32);
        Array.Fill(alpha.Data, 1f);
        var box = new CropBox(16, 16, 32, 32, 32, 32);
        using var result = Compositor.Stitch(source, generated, alpha, box);
        Assert.Equal(new Rgba32(10, 200, 30, 255), result[20, 20]);
        Assert.Equal(source[15, 15], result[15, 15]);
        Assert.Equal(source[48, 48], result[48, 48]);
    }

    [Theory]
    [InlineData(12, 24.0)]
    [InlineData(64, 160.0)]
    public void Alpha_is_zero_on_the_box_border_unless_it_touches_the_image_edge(int expand, double blur)
    {
        var mask = TestImages.Disk(1500, 1000, 750, 500, 30);
        var box = CropPlanner.Plan(mask, 1024, 0.5, expand, blur);
        var refined = MaskRefiner.Refine(mask, box, expand, blur);
        var boxAlpha = MaskOps.Resize(refined.Alpha, box.Width, box.Height);
        AssertZeroOnInnerBorders(boxAlpha, box, mask.Width, mask.Height);
        // At the centre of a blurred disk of radius R the Gaussian gives 1 − exp(−R² / 2σ²).
        var radius = 30 * box.ScaleX + expand;
        var expected = 1 - Math.Exp(-radius * radius / (2 * blur * blur));
        var centre = refined.Alpha[(int)((750 - box.X) * box.ScaleX), (int)((500 - box.Y) * box.ScaleY)];
        Assert.InRange(centre, expected - 0.03, expected + 0.03);
    }

    [Fact]
    public void Alpha_is_zero_on_the_border_even_when_the_box_ignored_the_feather()
    {
        var mask = TestImages.Disk(1500, 1000, 750, 500, 30);
        var box = CropPlanner.Plan(mask, 512);              // no feather allowance
        var refined = MaskRefiner.Refine(mask, box, 12, 160);
        var boxAlpha = MaskOps.Resize(refined.Alpha, box.Width, box.Height);
        AssertZeroOnInnerBorders(boxAlpha, box, mask.Width, mask.Height);
    }

    private static void AssertZeroOnInnerBorders(MaskPlane boxAlpha, CropBox box, int imageWidth, int imageHeight)
    {
        for (var x = 0; x < box.Width; x++)
        {
            if (box.Y > 0) Assert.Equal(0f, boxAlpha[x, 0]);
            if (box.Y + box.Height < imageHeight) Assert.Equal(0f, boxAlpha[x, box.Height - 1]);
        }

        for (var y = 0; y < box.Height; y++)
        {
            if (box.X > 0) Assert.Equal(0f, boxAlpha[0, y]);
            if (box.X + box.Width < imageWidth) Assert.Equal(0f, boxAlpha[box.Width - 1, y]);
        }
    }
}
