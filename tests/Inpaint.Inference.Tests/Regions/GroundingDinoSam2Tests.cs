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

public class GroundingDinoSam2Tests
{
    // [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, "." 4, hat 5, hair 6, purple 7
    private static readonly WordPieceTokenizer Tokenizer =
        WordPieceTokenizer.FromJson(new MemoryStream(TinyTokenizers.WordPiece("hat", "hair", "purple")));

    // Query 0 answers "hat", query 1 "hair"; query 2 answers the special tokens and the full stop, which must
    // not count as phrase tokens (else every prompt, even "purple", would find a box).
    private static float[,] Logits()
    {
        var l = new float[8, 3];
        for (var v = 0; v < 8; v++) for (var q = 0; q < 3; q++) l[v, q] = -10f;
        l[5, 0] = 5f;
        l[6, 1] = 5f;
        l[2, 2] = l[3, 2] = l[4, 2] = 5f;
        return l;
    }

    // cx, cy, w, h in [0,1] of the original image.
    private static readonly float[] Boxes = [0.25f, 0.25f, 0.3f, 0.3f, 0.75f, 0.7f, 0.3f, 0.4f, 0.5f, 0.5f, 1f, 1f];

    private const int W = 400, H = 250;
    private static readonly Rectangle HatBox = new(40, 25, 120, 75);    // (0.1..0.4)·400, (0.1..0.4)·250
    private static readonly Rectangle HairBox = new(240, 125, 120, 100); // (0.6..0.9)·400, (0.5..0.9)·250

    private static GroundingDinoDetector Detector(object? height = null, object? width = null) =>
        new(ModelSession.Load("gdino", TinyRegionModels.GroundingDino(Logits(), Boxes, height!, width!)), Tokenizer, new ImagePreprocessing());

    private static Sam2Segmenter Sam() =>
        new(ModelSession.Load("sam2-enc", TinyRegionModels.Sam2Encoder()), ModelSession.Load("sam2-dec", TinyRegionModels.Sam2Decoder()), ImagePreprocessing.ImageNet(1024));

    private static Image<Rgba32> Picture() => new(W, H, new Rgba32(120, 110, 100));

    [Theory]
    [InlineData(640, 480, 1066, 800)]
    [InlineData(480, 640, 800, 1066)]
    [InlineData(2000, 500, 1332, 333)]
    [InlineData(800, 800, 800, 800)]
    [InlineData(1200, 800, 1200, 800)]
    public void Resizes_short_side_to_800_with_long_side_at_most_1333(int w, int h, int ew, int eh)
    {
        Assert.Equal((ew, eh), GroundingDinoDetector.ResizedSize(w, h));
    }

    [Fact]
    public void Builds_the_prompt_from_phrases_and_scores_only_phrase_tokens()
    {
        using var detector = Detector();
        using var image = Picture();

        var (inputs, phraseTokens) = detector.Prepare(image, ["Hat", "hair."]);

        // [CLS] hat . hair . [SEP]
        Assert.Equal([2L, 5, 4, 6, 4, 3], inputs["input_ids"].AsInt64s());
        Assert.Equal([1, 3], phraseTokens);
        Assert.Equal([1L, 3, 800, 1280], inputs["pixel_values"].Shape);
        Assert.All(inputs["pixel_mask"].AsInt64s(), v => Assert.Equal(1L, v));
    }

    [Fact]
    public void A_fixed_size_export_gets_the_image_padded_bottom_right_with_a_pixel_mask()
    {
        using var detector = Detector(height: 800, width: 1344);
        using var image = new Image<Rgba32>(400, 400, new Rgba32(255, 255, 255));

        var (inputs, _) = detector.Prepare(image, ["hat"]);

        var mask = inputs["pixel_mask"].AsInt64s();
        Assert.Equal(800L * 800, mask.Sum());
        Assert.Equal(1L, mask[799 * 1344 + 799]);
        Assert.Equal(0L, mask[799 * 1344 + 800]);
        var pixels = inputs["pixel_values"].AsFloats();
        Assert.Equal(0f, pixels[1000]);                      // padding stays zero
        Assert.Equal((1f - 0.485f) / 0.229f, pixels[0], 4);  // white, normalised
    }

    [Fact]
    public void Detects_boxes_in_original_pixels()
    {
        using var detector = Detector();
        using var image = Picture();

        var box = Assert.Single(detector.Detect(image, ["hat"], 0.3f, CancellationToken.None));

        Assert.Equal(40f, box.X1, 3);
        Assert.Equal(25f, box.Y1, 3);
        Assert.Equal(160f, box.X2, 3);
        Assert.Equal(100f, box.Y2, 3);
        Assert.True(box.Score > 0.99f);
    }

    [Fact]
    public void Sam_masks_the_box_after_scaling_it_to_the_squashed_1024_grid()
    {
        using var sam = Sam();
        using var image = Picture();

        var mask = sam.Segment(image, [new DetectedBox(40, 25, 160, 100, 1f)], CancellationToken.None);

        Assert.Equal((W, H), (mask.Width, mask.Height));
        Assert.True(TestImages.IoU(mask, HatBox) > 0.95, $"IoU {TestImages.IoU(mask, HatBox)}");
    }

    [Fact]
    public async Task Engine_unites_the_phrases_boxes_masks()
    {
        using var engine = new RegionEngine(new RegionEngineOptions { TextMethod = TextRegionMethod.GroundingDinoSam2 }, detector: Detector(), sam: Sam());
        using var image = Picture();

        var mask = await engine.SegmentAsync(image, "hat, hair", CancellationToken.None);

        Assert.True(TestImages.IoU(mask, HatBox, HairBox) > 0.95, $"IoU {TestImages.IoU(mask, HatBox, HairBox)}");
    }

    [Fact]
    public async Task Engine_reports_no_region_when_no_box_passes_the_threshold()
    {
        using var engine = new RegionEngine(new RegionEngineOptions { TextMethod = TextRegionMethod.GroundingDinoSam2 }, detector: Detector(), sam: Sam());
        using var image = Picture();

        var ex = await Assert.ThrowsAsync<RegionNotFoundException>(() => engine.SegmentAsync(image, "purple", CancellationToken.None));

        Assert.Equal("purple", ex.Prompt);
    }
}
