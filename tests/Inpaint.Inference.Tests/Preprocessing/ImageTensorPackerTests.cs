using Inpaint.Inference.Models;
using Inpaint.Inference.Postprocessing;
using Inpaint.Inference.Preprocessing;
using Inpaint.Inference.Tests.TinyModels;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Tests.Preprocessing;

public class ImageTensorPackerTests
{
    [Fact]
    public void Downscaling_by_two_uses_pillows_widened_triangle()
    {
        // Shrinking 2×: support 2 source pixels, taps at distance 1.5, 0.5, 0.5, 1.5 → weights 1/8, 3/8, 3/8, 1/8.
        var k = ResizeKernel.Bilinear(8, 4);

        Assert.Equal(1, k.Start[1]);
        Assert.Equal(4, k.Count[1]);
        Assert.Equal([0.125f, 0.375f, 0.375f, 0.125f], k.Weights.AsSpan(k.Stride, 4).ToArray());
    }

    [Fact]
    public void Every_kernel_row_sums_to_one()
    {
        foreach (var (from, to) in new[] { (1536, 1024), (240, 352), (1000, 7), (3, 1024) })
        {
            var k = ResizeKernel.Bilinear(from, to);
            for (var i = 0; i < to; i++)
                Assert.Equal(1f, k.Weights.AsSpan(i * k.Stride, k.Count[i]).ToArray().Sum(), 4);
        }
    }

    [Fact]
    public void A_flat_image_stays_flat_and_is_normalised_per_channel()
    {
        using var image = new Image<Rgba32>(37, 23, new Rgba32(255, 128, 0));
        var pre = ImagePreprocessing.ImageNet(16);
        var planes = new float[3 * 16 * 16];

        ImageTensorPacker.Pack(image, pre, 16, 16, planes);

        float[] expected = [(1f - 0.485f) / 0.229f, (128f / 255f - 0.456f) / 0.224f, (0f - 0.406f) / 0.225f];
        for (var c = 0; c < 3; c++)
            Assert.All(planes.AsSpan(c * 256, 256).ToArray(), v => Assert.Equal(expected[c], v, 4));
    }

    [Fact]
    public void Planes_are_nchw_in_rgb_order_and_width_and_height_are_not_swapped()
    {
        // 300×200: red top-left, green top-right, blue bottom-left, white bottom-right; packed to 60×20.
        using var image = TestImages.WithRects(300, 200, new Rgba32(255, 255, 255),
            (new Rectangle(0, 0, 150, 100), new Rgba32(255, 0, 0)),
            (new Rectangle(150, 0, 150, 100), new Rgba32(0, 255, 0)),
            (new Rectangle(0, 100, 150, 100), new Rgba32(0, 0, 255)));
        var pre = new ImagePreprocessing { Mean = [0, 0, 0], Std = [1, 1, 1] };
        const int w = 60, h = 20;
        var planes = new float[3 * w * h];

        ImageTensorPacker.Pack(image, pre, w, h, planes);

        float At(int c, int x, int y) => planes[c * w * h + y * w + x];
        // Quadrant centres are far from the edges: exact colours.
        Assert.Equal([1f, 0, 0], [At(0, 15, 5), At(1, 15, 5), At(2, 15, 5)]);
        Assert.Equal([0f, 1, 0], [At(0, 45, 5), At(1, 45, 5), At(2, 45, 5)]);
        Assert.Equal([0f, 0, 1], [At(0, 15, 15), At(1, 15, 15), At(2, 15, 15)]);
        Assert.Equal([1f, 1, 1], [At(0, 45, 15), At(1, 45, 15), At(2, 45, 15)]);
    }

    [Fact]
    public void Divide_by_max_scales_by_the_images_own_maximum()
    {
        using var image = new Image<Rgba32>(10, 10, new Rgba32(100, 50, 25));
        var pre = new ImagePreprocessing { Scale = PixelScale.DivideMax, Mean = [0.485f, 0.456f, 0.406f], Std = [1, 1, 1] };
        var planes = new float[3 * 4 * 4];

        ImageTensorPacker.Pack(image, pre, 4, 4, planes);

        Assert.Equal(1f - 0.485f, planes[0], 4);
        Assert.Equal(0.5f - 0.456f, planes[16], 4);
        Assert.Equal(0.25f - 0.406f, planes[32], 4);
    }

    [Fact]
    public void Packing_into_a_larger_canvas_leaves_the_padding_untouched()
    {
        using var image = new Image<Rgba32>(8, 4, new Rgba32(255, 255, 255));
        var pre = new ImagePreprocessing { Mean = [0, 0, 0], Std = [1, 1, 1] };
        var planes = new float[3 * 10 * 6];

        ImageTensorPacker.Pack(image, pre, 8, 4, 10, 6, planes);

        Assert.Equal(1f, planes[3 * 10 + 7], 5);  // inside (x 7, y 3)
        Assert.Equal(0f, planes[3 * 10 + 8]);     // right padding
        Assert.Equal(0f, planes[4 * 10 + 0]);     // bottom padding
    }

    [Theory]
    [InlineData(37, 23, 16, 11)]
    [InlineData(7, 5, 20, 13)]
    [InlineData(50, 40, 50, 40)]
    public void Packing_equals_a_brute_force_triangle_filter(int sw, int sh, int w, int h)
    {
        var random = new Random(sw * 1000 + w);
        using var image = new Image<Rgba32>(sw, sh);
        for (var y = 0; y < sh; y++)
            for (var x = 0; x < sw; x++)
                image[x, y] = new Rgba32((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        var pre = new ImagePreprocessing { Scale = PixelScale.None, Mean = [0, 0, 0], Std = [1, 1, 1] };
        var planes = new float[3 * w * h];

        ImageTensorPacker.Pack(image, pre, w, h, planes);

        // Reference: for every output pixel, weigh every source pixel by the product of the two 1-D triangles
        // (radius max(scale, 1) source pixels around the output pixel's centre), normalised.
        static double Tri(double d, double radius) => Math.Max(0, 1 - Math.Abs(d) / radius);
        double rx = Math.Max((double)sw / w, 1), ry = Math.Max((double)sh / h, 1);
        for (var oy = 0; oy < h; oy++)
            for (var ox = 0; ox < w; ox++)
            {
                double cx = (ox + 0.5) * sw / w, cy = (oy + 0.5) * sh / h;
                double wxSum = 0, wySum = 0;
                for (var x = 0; x < sw; x++) wxSum += Tri(x + 0.5 - cx, rx);
                for (var y = 0; y < sh; y++) wySum += Tri(y + 0.5 - cy, ry);
                var expected = new double[3];
                for (var y = 0; y < sh; y++)
                    for (var x = 0; x < sw; x++)
                    {
                        var wt = Tri(x + 0.5 - cx, rx) * Tri(y + 0.5 - cy, ry) / (wxSum * wySum);
                        if (wt == 0) continue;
                        var p = image[x, y];
                        expected[0] += p.R * wt;
                        expected[1] += p.G * wt;
                        expected[2] += p.B * wt;
                    }
                for (var c = 0; c < 3; c++)
                    Assert.Equal(expected[c], planes[c * w * h + oy * w + ox], tolerance: 1e-3);
            }
    }

    [Fact]
    public void Mask_upsampling_matches_half_pixel_bilinear_and_binarises()
    {
        // 2×1 → 4×1: centres at 0.25 and 0.75 of a source pixel → 0, 0.25, 0.75, 1 of the step.
        var soft = MaskResampler.Bilinear(new[] { 0f, 1f }, 2, 1, 4, 1, threshold: null);
        Assert.Equal([0f, 0.25f, 0.75f, 1f], soft.Data);

        var hard = MaskResampler.Bilinear(new[] { 0f, 1f }, 2, 1, 4, 1, threshold: 0.5f);
        Assert.Equal([0f, 0f, 1f, 1f], hard.Data);
    }

    [Theory]
    [InlineData(11, 7, 53, 29)]
    [InlineData(40, 30, 13, 9)]
    public void Mask_resampling_equals_per_pixel_bilinear(int sw, int sh, int w, int h)
    {
        var random = new Random(sw + w);
        var map = Enumerable.Range(0, sw * sh).Select(_ => (float)random.NextDouble()).ToArray();

        var mask = MaskResampler.Bilinear(map, sw, sh, w, h, threshold: null);

        // Reference: half-pixel centres, clamped at the borders (align_corners=False).
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var sx = Math.Max((x + 0.5) * sw / w - 0.5, 0);
                var sy = Math.Max((y + 0.5) * sh / h - 0.5, 0);
                int x0 = Math.Min((int)sx, sw - 1), y0 = Math.Min((int)sy, sh - 1);
                int x1 = Math.Min(x0 + 1, sw - 1), y1 = Math.Min(y0 + 1, sh - 1);
                double fx = sx - x0, fy = sy - y0;
                var top = map[y0 * sw + x0] * (1 - fx) + map[y0 * sw + x1] * fx;
                var bottom = map[y1 * sw + x0] * (1 - fx) + map[y1 * sw + x1] * fx;
                Assert.Equal(top * (1 - fy) + bottom * fy, mask[x, y], tolerance: 1e-5);
            }
    }

    [Fact]
    public void Mask_upsampling_of_a_constant_map_is_constant_at_any_size()
    {
        var map = Enumerable.Repeat(0.7f, 352 * 352).ToArray();

        var mask = MaskResampler.Bilinear(map, 352, 352, 1531, 917, threshold: null);

        Assert.All(mask.Data, v => Assert.Equal(0.7f, v, 5));
    }
}
