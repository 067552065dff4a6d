using Inpaint.Inference.Generation;
using Inpaint.Shared.Generation;
using Inpaint.Inference.Tests.TinyModels;
using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static Inpaint.Inference.Tests.Generation.Diffusion.DiffusionTestImages;

namespace Inpaint.Inference.Tests.Generation;

public sealed class MiGanFillTests : RemovalEngineContract, IDisposable
{
    private readonly Inpaint.Inference.Sessions.ModelSession _session = TinyFillModels.MiGan();

    protected override IGenerationEngine Engine() => new MiGanFill(_session);

    public void Dispose() => _session.Dispose();

    [Fact]
    public async Task The_mask_is_sent_as_255_keep_and_0_hole_at_the_crops_own_size()
    {
        using var crop = Crop(); // 64×48: not a multiple of anything the model cares about
        using var result = await new MiGanFill(_session).GenerateAsync(Request(crop, 1, prompt: ""), null, CancellationToken.None);
        Assert.Equal(crop.Width, result.Width);
        Assert.Equal(crop.Height, result.Height);
        // Outside the hole the pipeline keeps the pixels exactly (no resize happened on the way).
        Assert.Equal(crop[2, 2], result[2, 2]);
        Assert.Equal(crop[60, 44], result[60, 44]);
        // Inside, the graph's own fill: were the polarity inverted, the hole would keep its pixels and the rest turn grey.
        Assert.Equal(new Rgba32(TinyFillModels.HoleValue, TinyFillModels.HoleValue, TinyFillModels.HoleValue, 255), result[30, 20]);
    }

    [Fact]
    public async Task A_feathered_mask_is_binarised_at_one_half()
    {
        using var crop = Crop();
        var mask = new MaskPlane(Width, Height);
        mask[10, 10] = 0.49f;
        mask[20, 10] = 0.5f;
        using var result = await new MiGanFill(_session).GenerateAsync(new(crop, mask, "", 0.85, 1), null, CancellationToken.None);
        Assert.Equal(crop[10, 10], result[10, 10]);
        Assert.Equal(TinyFillModels.HoleValue, result[20, 10].R);
    }

    [Fact]
    public async Task A_re_export_with_a_fixed_size_gets_the_crop_resized_to_it_and_back()
    {
        using var fixedSize = TinyFillModels.MiGan(size: 32);
        using var crop = Crop();
        using var result = await new MiGanFill(fixedSize).GenerateAsync(Request(crop, 1, prompt: ""), null, CancellationToken.None);
        Assert.Equal((Width, Height), (result.Width, result.Height));
        Assert.InRange(result[32, 24].R, TinyFillModels.HoleValue - 4, TinyFillModels.HoleValue + 4);
    }

    [Fact]
    public void Every_sample_is_identical_and_no_control_is_recorded()
    {
        var engine = new MiGanFill(_session);
        Assert.Equal("migan", engine.Name);
        Assert.Equal("migan_pipeline_v2", engine.Model);
        Assert.Empty(engine.ControlsFor(0.3).Values);
    }

    [Fact]
    public void A_float_export_such_as_the_raw_generator_is_refused_naming_what_differs()
    {
        using var floats = TinyFillModels.MiGan(types: new(TinyGraph.F32, TinyGraph.F32));
        var ex = Assert.Throws<InvalidOperationException>(() => new MiGanFill(floats));
        Assert.Contains("uint8", ex.Message);
    }

    [Fact]
    public void An_export_without_the_pipeline_names_is_refused()
    {
        using var lama = Diffusion.TinyDiffusionModels.Lama("batch");
        var ex = Assert.Throws<InvalidOperationException>(() => new MiGanFill(lama));
        Assert.Contains("result", ex.Message);
    }
}
