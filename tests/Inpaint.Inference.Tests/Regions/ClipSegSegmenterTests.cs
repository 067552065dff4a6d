using Inpaint.Inference.Models;
using Inpaint.Inference.Regions;
using Inpaint.Inference.Sessions;
using Inpaint.Inference.Tests.TinyModels;
using Inpaint.Inference.Tokenizers;
using Inpaint.Shared.Regions;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Tests.Regions;

public class ClipSegSegmenterTests
{
    private static readonly byte[] TokenizerJson = TinyTokenizers.Clip("red", "lime", "blue", "purple");
    private static readonly ClipTokenizer Tokenizer = ClipTokenizer.FromJson(new MemoryStream(TokenizerJson));

    // "red" reads the red channel, "lime" the green, "blue" the blue; "purple" reads nothing.
    private static readonly Dictionary<int, (float, float, float)> Channels = new()
    {
        [TinyTokenizers.ClipId(TokenizerJson, "red</w>")] = (1, 0, 0),
        [TinyTokenizers.ClipId(TokenizerJson, "lime</w>")] = (0, 1, 0),
        [TinyTokenizers.ClipId(TokenizerJson, "blue</w>")] = (0, 0, 1),
    };

    // A non-square image so a width/height swap shows: red top-left, blue bottom-right, on grey.
    private static readonly Rectangle Red = new(0, 0, 120, 60);
    private static readonly Rectangle Blue = new(150, 100, 90, 60);

    private static Image<Rgba32> Picture() => TestImages.WithRects(240, 160, new Rgba32(128, 128, 128),
        (Red, new Rgba32(230, 20, 20)), (Blue, new Rgba32(20, 20, 230)));

    private static ClipSegSegmenter Segmenter(bool withAttentionMask = true, bool rank2 = false) =>
        new(ModelSession.Load("clipseg", TinyRegionModels.ClipSeg(Channels, withAttentionMask, rank2)), Tokenizer, ImagePreprocessing.ImageNet(352));

    [Fact]
    public void One_phrase_selects_its_region_at_the_images_size()
    {
        using var segmenter = Segmenter();
        using var image = Picture();

        var mask = segmenter.Segment(image, ["red"], 0.5f, CancellationToken.None);

        Assert.Equal((240, 160), (mask.Width, mask.Height));
        Assert.True(TestImages.IoU(mask, Red) > 0.95, $"IoU {TestImages.IoU(mask, Red)}");
        Assert.All(mask.Data, v => Assert.True(v is 0f or 1f));
    }

    [Fact]
    public void Comma_separated_phrases_are_united()
    {
        using var segmenter = Segmenter();
        using var image = Picture();

        var mask = segmenter.Segment(image, PromptPhrases.Split("red, blue"), 0.5f, CancellationToken.None);

        Assert.True(TestImages.IoU(mask, Red, Blue) > 0.95, $"IoU {TestImages.IoU(mask, Red, Blue)}");
    }

    [Fact]
    public void The_threshold_decides_borderline_pixels()
    {
        // Pink r=200: normalised (200/255 − 0.485)/0.229 = 1.31 → logit 0.31 → p 0.58. With a wrong normalisation
        // (mean/std 0.5, or none) the logit is negative and pink would never be selected.
        var pink = new Rectangle(40, 40, 100, 80);
        using var image = TestImages.WithRects(200, 160, new Rgba32(60, 60, 60), (pink, new Rgba32(200, 150, 150)));
        using var segmenter = Segmenter();

        Assert.True(TestImages.IoU(segmenter.Segment(image, ["red"], 0.5f, CancellationToken.None), pink) > 0.95);
        Assert.False(segmenter.Segment(image, ["red"], 0.6f, CancellationToken.None).Any(0.5f));
    }

    [Fact]
    public void Works_with_rank_2_logits_and_without_an_attention_mask_input()
    {
        using var segmenter = Segmenter(withAttentionMask: false, rank2: true);
        using var image = Picture();
        Assert.DoesNotContain(segmenter.Session.Inputs, i => i.Name == "attention_mask");

        var mask = segmenter.Segment(image, ["blue"], 0.5f, CancellationToken.None);

        Assert.True(TestImages.IoU(mask, Blue) > 0.95);
    }

    [Fact]
    public void Repeats_the_image_once_per_phrase()
    {
        using var segmenter = Segmenter();
        using var image = Picture();

        var inputs = segmenter.Prepare(image, ["red", "blue", "purple"]);

        Assert.Equal([3L, 3, 352, 352], inputs["pixel_values"].Shape);
        Assert.Equal(3L, inputs["input_ids"].Shape[0]);
        var pixels = inputs["pixel_values"].AsFloats();
        var plane = 3 * 352 * 352;
        Assert.Equal(pixels.AsSpan(0, plane).ToArray(), pixels.AsSpan(2 * plane, plane).ToArray());
    }

    [Fact]
    public void Engine_reports_no_region_when_no_phrase_matches()
    {
        using var engine = new RegionEngine(new RegionEngineOptions { ClipSegThreshold = 0.5f }, clipSeg: Segmenter());
        using var image = Picture();

        var ex = Assert.Throws<RegionNotFoundException>(() => engine.SegmentAsync(image, "purple, lime", CancellationToken.None).GetAwaiter().GetResult());

        Assert.Equal("no region matching 'purple, lime' was found", ex.Message);
    }

    [Fact]
    public async Task Engine_unites_phrases_from_the_prompt()
    {
        using var engine = new RegionEngine(new RegionEngineOptions { ClipSegThreshold = 0.5f }, clipSeg: Segmenter());
        using var image = Picture();

        var mask = await engine.SegmentAsync(image, "purple, red ,blue,", CancellationToken.None);

        Assert.True(TestImages.IoU(mask, Red, Blue) > 0.95);
        Assert.Equal("CPU", engine.Providers[KnownModels.ClipSeg]);
    }
}
