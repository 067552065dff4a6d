using Inpaint.Inference.Models;
using Inpaint.Inference.Regions;
using Inpaint.Inference.Sessions;
using Inpaint.Inference.Tests.TinyModels;
using Inpaint.Shared.Regions;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Tests.Regions;

public class SalientObjectDetectorTests
{
    private static readonly Rectangle Object = new(60, 20, 80, 60);
    private static readonly Rectangle Dim = new(0, 90, 200, 30);

    // Red 200 object, red 150 "dim" band, red 50 background. Max over all channels is 200.
    private static Image<Rgba32> Picture() => TestImages.WithRects(200, 120, new Rgba32(50, 50, 50),
        (Object, new Rgba32(200, 40, 40)), (Dim, new Rgba32(150, 40, 40)));

    private static readonly ImagePreprocessing Rembg = KnownModels.Find(KnownModels.IsNet)!.Preprocessing!;

    [Fact]
    public void Isnet_as_rembg_packages_it_divides_by_the_image_max_and_min_max_stretches()
    {
        // Output sigmoid(20·(x − 0.2)) with x = r/max − 0.485: object 0.515 → 1, dim 0.265 → 0.79, background → 0.
        // With /255 instead of /max the dim band would come out at 0.14 after the stretch.
        using var detector = new SalientObjectDetector(
            ModelSession.Load("isnet", TinyRegionModels.Salient("input.1", "1959", gain: 20f, offset: 0.2f, sigmoidInGraph: true)), Rembg);
        using var image = Picture();

        var mask = detector.Detect(image, CancellationToken.None);

        Assert.Equal((200, 120), (mask.Width, mask.Height));
        Assert.True(mask[100, 50] > 0.99f);
        Assert.InRange(mask[100, 105], 0.7f, 0.85f);
        Assert.True(mask[10, 10] < 0.01f);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Birefnet_logits_get_a_sigmoid_unless_the_graph_has_one(bool sigmoidInGraph)
    {
        // logit = 4·(P_R − 1) with ImageNet normalisation: object (r 200) → +1.2, background (r 50) → −10.2.
        var pre = ImagePreprocessing.ImageNet(1024) with { SigmoidInGraph = sigmoidInGraph };
        using var detector = new SalientObjectDetector(
            ModelSession.Load("birefnet", TinyRegionModels.Salient("input_image", "output_image", gain: 4f, offset: 1f, sigmoidInGraph)), pre);
        using var image = Picture();

        var mask = detector.Detect(image, CancellationToken.None);

        Assert.InRange(mask[100, 50], 0.7f, 0.85f);
        // A second sigmoid would lift the background to 0.5.
        Assert.True(mask[10, 10] < 0.01f);
    }

    [Fact]
    public void A_featureless_image_has_no_foreground()
    {
        using var detector = new SalientObjectDetector(
            ModelSession.Load("isnet", TinyRegionModels.Salient("img", "mask", 20f, 0.2f, sigmoidInGraph: true)), Rembg);
        using var engine = new RegionEngine(new RegionEngineOptions(), salient: detector);
        using var flat = new Image<Rgba32>(64, 48, new Rgba32(90, 90, 90));

        var ex = Assert.Throws<RegionNotFoundException>(() => engine.ForegroundAsync(flat, CancellationToken.None).GetAwaiter().GetResult());
        Assert.Equal("foreground", ex.Prompt);
    }

    [Fact]
    public async Task Engine_returns_the_soft_foreground_at_the_images_size()
    {
        using var detector = new SalientObjectDetector(
            ModelSession.Load("isnet", TinyRegionModels.Salient("img", "mask", 20f, 0.2f, sigmoidInGraph: true)), Rembg);
        using var engine = new RegionEngine(new RegionEngineOptions(), salient: detector);
        using var image = Picture();

        var mask = await engine.ForegroundAsync(image, CancellationToken.None);

        Assert.True(TestImages.IoU(mask, Object, Dim) > 0.95);
    }
}
