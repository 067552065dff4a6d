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

public sealed class Sam3TextSegmenterTests
{
    private static readonly byte[] TokenizerJson = TinyTokenizers.Clip("red", "lime", "blue", "purple");

    // "red" keeps the red query, "lime" the green, "blue" the blue; "purple" none.
    private static readonly Dictionary<int, int> Queries = new()
    {
        [TinyTokenizers.ClipId(TokenizerJson, "red</w>")] = 0,
        [TinyTokenizers.ClipId(TokenizerJson, "lime</w>")] = 1,
        [TinyTokenizers.ClipId(TokenizerJson, "blue</w>")] = 2,
    };

    private static readonly Rectangle Red = new(0, 0, 120, 60);
    private static readonly Rectangle Blue = new(150, 100, 90, 60);

    private static Image<Rgba32> Picture() => TestImages.WithRects(240, 160, new Rgba32(128, 128, 128),
        (Red, new Rgba32(230, 20, 20)), (Blue, new Rgba32(20, 20, 230)));

    private static readonly ImagePreprocessing Sam3Pixels = KnownModels.Find(KnownModels.Sam3Text)!.Preprocessing!;

    private static Sam3TextSegmenter Segmenter(string? extraDecoderInput = null) => new(
        ModelSession.Load("vision", TinySam3Models.Vision()),
        ModelSession.Load("text", TinySam3Models.Text()),
        ModelSession.Load("decoder", TinySam3Models.Decoder(Queries, extraDecoderInput)),
        ClipTokenizer.FromJson(new MemoryStream(TokenizerJson)),
        Sam3Pixels);

    [Fact]
    public void A_phrase_keeps_its_instances_mask_at_the_images_size()
    {
        using var segmenter = Segmenter();
        using var image = Picture();
        var mask = segmenter.Segment(image, ["red"], 0.5f, CancellationToken.None);
        Assert.Equal((240, 160), (mask.Width, mask.Height));
        Assert.True(TestImages.IoU(mask, Red) > 0.9, $"IoU {TestImages.IoU(mask, Red)}");
    }

    [Fact]
    public void Phrases_are_united_and_an_unknown_phrase_adds_nothing()
    {
        using var segmenter = Segmenter();
        using var image = Picture();
        var mask = segmenter.Segment(image, PromptPhrases.Split("red, purple, blue"), 0.5f, CancellationToken.None);
        Assert.True(TestImages.IoU(mask, Red, Blue) > 0.9, $"IoU {TestImages.IoU(mask, Red, Blue)}");
        Assert.False(segmenter.Segment(image, ["purple"], 0.5f, CancellationToken.None).Any(0.5f));
    }

    [Fact]
    public void The_threshold_applies_to_the_query_score_times_presence()
    {
        using var segmenter = Segmenter();
        using var image = Picture();
        // sigmoid(5)·sigmoid(5) ≈ 0.9866: kept at 0.98, dropped at 0.99.
        Assert.True(segmenter.Segment(image, ["red"], 0.98f, CancellationToken.None).Any(0.5f));
        Assert.False(segmenter.Segment(image, ["red"], 0.99f, CancellationToken.None).Any(0.5f));
    }

    [Fact]
    public void A_decoder_input_no_encoder_provides_is_refused_by_name()
    {
        using var segmenter = Segmenter(extraDecoderInput: "geometry_prompt");
        using var image = Picture();
        var ex = Assert.Throws<InvalidOperationException>(() => segmenter.Segment(image, ["red"], 0.5f, CancellationToken.None));
        Assert.Contains("geometry_prompt", ex.Message);
    }

    [Fact]
    public async Task The_region_engine_uses_sam3_when_configured_and_reports_nothing_found()
    {
        var options = new RegionEngineOptions { TextMethod = TextRegionMethod.Sam3 };
        Assert.Equal([KnownModels.Sam3Text], options.ModelsFor(RegionKind.Text));
        using var engine = new RegionEngine(options, sam3: Segmenter());
        using var image = Picture();
        var mask = await engine.SegmentAsync(image, "blue", CancellationToken.None);
        Assert.True(TestImages.IoU(mask, Blue) > 0.9);
        await Assert.ThrowsAsync<RegionNotFoundException>(() => engine.SegmentAsync(image, "purple", CancellationToken.None));
    }
}
