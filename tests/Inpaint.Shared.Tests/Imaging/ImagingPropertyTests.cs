using CsCheck;
using Inpaint.Shared.Imaging;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Tests.Imaging;

/// <summary>Property tests (CsCheck) of the imaging kernels against brute-force references and invariants.</summary>
public class ImagingPropertyTests
{
    /// <summary>Largest |stacked-box blur − exact Gaussian| allowed on masks with values in [0, 1].</summary>
    public const double BlurTolerance = 0.02;

    /// <summary>A random mask: size, then pixels set with a random density (sparse dots to near-solid).</summary>
    private static readonly Gen<MaskPlane> RandomMask =
        Gen.Select(Gen.Int[1, 48], Gen.Int[1, 48], Gen.Int, Gen.Double[0.0, 0.6])
            .Select(t =>
            {
                var (w, h, seed, density) = t;
                var random = new Random(seed);
                var mask = new MaskPlane(w, h);
                for (var i = 0; i < mask.Data.Length; i++) mask.Data[i] = random.NextDouble() < density * density ? 1f : 0f;
                return mask;
            });

    [Fact]
    public void Expand_equals_bruteforce_euclidean_dilation()
    {
        Gen.Select(RandomMask, Gen.Int[0, 20]).Sample((mask, radius) =>
        {
            var expected = MaskReference.Dilate(mask, radius);
            var actual = MaskOps.Expand(mask, radius);
            Assert.Equal(expected.Data, actual.Data);
        }, iter: 300);
    }

    [Fact]
    public void Blur_is_within_tolerance_of_an_exact_gaussian()
    {
        Gen.Select(RandomMask, Gen.Double[0.5, 12.0]).Sample((mask, sigma) =>
        {
            var expected = MaskReference.GaussianBlur(mask, sigma);
            var actual = MaskOps.Blur(mask, sigma);
            for (var i = 0; i < expected.Data.Length; i++)
                Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) <= BlurTolerance,
                    $"σ={sigma}: pixel {i} is {actual.Data[i]}, exact Gaussian {expected.Data[i]}");
        }, iter: 200);
    }

    [Fact]
    public void Blur_preserves_the_total_and_stays_in_range()
    {
        Gen.Select(RandomMask, Gen.Double[0.0, 40.0]).Sample((mask, sigma) =>
        {
            var blurred = MaskOps.Blur(mask, sigma);
            Assert.All(blurred.Data, v => Assert.InRange(v, -1e-5f, 1.00001f));
            // Edge replication does not preserve the sum, so only a solid or empty mask stays exactly itself.
            if (!mask.Any()) Assert.All(blurred.Data, v => Assert.Equal(0f, v));
        }, iter: 200);
    }

    [Fact]
    public void Crop_box_contains_the_mask_stays_inside_and_has_the_right_size()
    {
        var gen = Gen.Select(Gen.Int[16, 2000], Gen.Int[16, 2000], Gen.Int, Gen.Int[32, 96], Gen.Double[0.0, 1.0])
            .SelectMany(t => Gen.Select(Gen.Int[0, 64], Gen.Double[0.0, 160.0]), (t, f) => (t, f));
        gen.Sample(input =>
        {
            var ((w, h, seed, res16, context), (expand, blur)) = input;
            var resolution = res16 * 16;
            var random = new Random(seed);
            var mask = new MaskPlane(w, h);
            var bx = random.Next(w); var by = random.Next(h);
            var bw = random.Next(1, w - bx + 1); var bh = random.Next(1, h - by + 1);
            mask[bx, by] = 1f;
            mask[bx + bw - 1, by + bh - 1] = 0.25f;
            if (bw > 2) mask[bx + 1, by] = -1f;              // negative values are not coverage
            var box = CropPlanner.Plan(mask, resolution, context, expand, blur);

            Assert.True(box.X <= bx && box.Y <= by && box.X + box.Width >= bx + bw && box.Y + box.Height >= by + bh, $"{box} misses the mask");
            Assert.True(box.X >= 0 && box.Y >= 0 && box.X + box.Width <= w && box.Y + box.Height <= h, $"{box} leaves the {w}×{h} image");
            Assert.Equal(resolution, Math.Max(box.WorkWidth, box.WorkHeight));
            Assert.True(box.WorkWidth % 16 == 0 && box.WorkHeight % 16 == 0 && Math.Min(box.WorkWidth, box.WorkHeight) >= 16, box.ToString());
            // The short side follows the box's aspect to within one 16-px step.
            var aspect = (double)Math.Min(box.Width, box.Height) / Math.Max(box.Width, box.Height) * resolution;
            Assert.InRange(Math.Min(box.WorkWidth, box.WorkHeight), Math.Max(16, aspect - 8.0001), Math.Max(16, aspect + 8.0001));
        }, iter: 150);
    }

    [Fact]
    public void Refined_alpha_is_zero_on_every_box_side_inside_the_image()
    {
        var gen = Gen.Select(Gen.Int[64, 1200], Gen.Int[64, 1200], Gen.Int, Gen.Int[0, 64], Gen.Double[0.0, 160.0])
            .SelectMany(t => Gen.Select(Gen.Int[1, 6], Gen.Bool), (t, f) => (t, f));
        gen.Sample(input =>
        {
            var ((w, h, seed, expand, blur), (res64, planWithFeather)) = input;
            var random = new Random(seed);
            var mask = TestImages.Disk(w, h, random.Next(w), random.Next(h), random.Next(1, Math.Min(w, h) / 4));
            if (!mask.Any()) mask[w / 2, h / 2] = 1f;
            var resolution = res64 * 64;
            var box = planWithFeather ? CropPlanner.Plan(mask, resolution, 0.5, expand, blur) : CropPlanner.Plan(mask, resolution);
            var refined = MaskRefiner.Refine(mask, box, expand, blur);
            var alpha = MaskOps.Resize(refined.Alpha, box.Width, box.Height);
            for (var x = 0; x < box.Width; x++)
            {
                if (box.Y > 0) Assert.Equal(0f, alpha[x, 0]);
                if (box.Y + box.Height < h) Assert.Equal(0f, alpha[x, box.Height - 1]);
            }

            for (var y = 0; y < box.Height; y++)
            {
                if (box.X > 0) Assert.Equal(0f, alpha[0, y]);
                if (box.X + box.Width < w) Assert.Equal(0f, alpha[box.Width - 1, y]);
            }

            // Binary is the grown mask: everything the source mask covers is inside it.
            Assert.All(refined.Binary.Data, v => Assert.True(v == 0f || v == 1f));
        }, iter: 25);
    }

    [Fact]
    public void Composite_is_the_identity_wherever_alpha_is_zero()
    {
        var gen = Gen.Select(Gen.Int[8, 80], Gen.Int[8, 80], Gen.Int, Gen.Int[1, 6], Gen.Int[1, 6]);
        gen.Sample(input =>
        {
            var (w, h, seed, ww16, wh16) = input;
            var random = new Random(seed);
            using var source = TestImages.Noise(w, h, seed, alpha: random.Next(2) == 0);
            var bx = random.Next(w); var by = random.Next(h);
            var box = new CropBox(bx, by, random.Next(1, w - bx + 1), random.Next(1, h - by + 1), ww16 * 16, wh16 * 16);
            using var generated = TestImages.Noise(box.WorkWidth, box.WorkHeight, seed + 1, alpha: true);
            var alphaWork = new MaskPlane(box.WorkWidth, box.WorkHeight);
            for (var i = 0; i < alphaWork.Data.Length; i++)
                alphaWork.Data[i] = random.Next(3) == 0 ? (float)random.NextDouble() : 0f;
            using var result = Compositor.Stitch(source, generated, alphaWork, box);
            var alphaBox = MaskOps.Resize(alphaWork, box.Width, box.Height);
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    var inside = x >= box.X && y >= box.Y && x < box.X + box.Width && y < box.Y + box.Height;
                    if (!inside || alphaBox[x - box.X, y - box.Y] == 0f)
                        Assert.Equal(source[x, y], result[x, y]);
                }
        }, iter: 150);
    }

    [Fact]
    public void Composite_is_the_linear_blend_of_source_and_generated()
    {
        Gen.Select(Gen.Int[1, 70], Gen.Int[1, 40], Gen.Int).Sample((w, h, seed) =>
        {
            var random = new Random(seed);
            using var source = TestImages.Noise(w, h, seed);
            using var generated = TestImages.Noise(w, h, seed + 1);
            var alpha = new MaskPlane(w, h);
            for (var i = 0; i < alpha.Data.Length; i++)
                alpha.Data[i] = random.Next(4) switch { 0 => 0f, 1 => 1f, _ => (float)random.NextDouble() };
            using var result = Compositor.Stitch(source, generated, alpha, new CropBox(0, 0, w, h, w, h));
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    var a = alpha[x, y]; var s = source[x, y]; var g = generated[x, y]; var o = result[x, y];
                    Assert.InRange(o.R, s.R * (1 - a) + g.R * a - 1.01, s.R * (1 - a) + g.R * a + 1.01);
                    Assert.InRange(o.G, s.G * (1 - a) + g.G * a - 1.01, s.G * (1 - a) + g.G * a + 1.01);
                    Assert.InRange(o.B, s.B * (1 - a) + g.B * a - 1.01, s.B * (1 - a) + g.B * a + 1.01);
                    Assert.Equal(255, o.A);
                    if (a == 1f) Assert.Equal(g, o);
                }
        }, iter: 150);
    }

    [Fact]
    public void Stitching_the_original_crop_back_at_scale_one_returns_the_original()
    {
        var gen = Gen.Select(Gen.Int[16, 96], Gen.Int[16, 96], Gen.Int, Gen.Bool);
        gen.Sample(input =>
        {
            var (w, h, seed, withAlpha) = input;
            var random = new Random(seed);
            using var source = TestImages.Noise(w, h, seed, withAlpha);
            var bw = random.Next(1, w / 16 + 1) * 16; var bh = random.Next(1, h / 16 + 1) * 16;
            var box = new CropBox(random.Next(w - bw + 1), random.Next(h - bh + 1), bw, bh, bw, bh);
            using var crop = CropSampler.Extract(source, box);
            var alpha = new MaskPlane(bw, bh);
            for (var i = 0; i < alpha.Data.Length; i++) alpha.Data[i] = (float)random.NextDouble();
            using var result = Compositor.Stitch(source, crop, alpha, box);
            Assert.True(TestImages.SamePixels(source, result, out var diff), diff);
        }, iter: 100);
    }

    [Fact]
    public void Stitching_the_original_crop_back_through_a_rescale_stays_close_on_a_smooth_image()
    {
        Gen.Select(Gen.Int[0, 400], Gen.Int[0, 300], Gen.Int[1, 8]).Sample((x, y, size64) =>
        {
            using var source = SmoothImage(800, 600);
            var side = Math.Min(size64 * 64, Math.Min(800 - x, 600 - y));
            if (side < 16) return;
            var box = new CropBox(x, y, side, side, 512, 512);
            using var crop = CropSampler.Extract(source, box);
            var alpha = new MaskPlane(512, 512);
            Array.Fill(alpha.Data, 1f);
            using var result = Compositor.Stitch(source, crop, alpha, box);
            var worst = 0;
            for (var yy = box.Y + 2; yy < box.Y + box.Height - 2; yy++)
                for (var xx = box.X + 2; xx < box.X + box.Width - 2; xx++)
                {
                    var a = source[xx, yy]; var b = result[xx, yy];
                    worst = Math.Max(worst, Math.Max(Math.Abs(a.R - b.R), Math.Max(Math.Abs(a.G - b.G), Math.Abs(a.B - b.B))));
                }
            Assert.True(worst <= 2, $"largest channel difference {worst} for {box}");
        }, iter: 6);
    }

    private static Image<Rgba32> SmoothImage(int width, int height)
    {
        var image = new Image<Rgba32>(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                image[x, y] = new Rgba32(
                    (byte)(127.5 + 120 * Math.Sin(x / 90.0)),
                    (byte)(127.5 + 120 * Math.Cos(y / 70.0)),
                    (byte)(127.5 + 120 * Math.Sin((x + y) / 150.0)),
                    255);
        return image;
    }
}
