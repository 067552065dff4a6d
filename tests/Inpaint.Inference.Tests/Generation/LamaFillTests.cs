using Inpaint.Inference.Generation;
using Inpaint.Inference.Tests.Generation.Diffusion;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Imaging;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Tests.Generation;

public sealed class LamaFillTests
{
    private static Image<Rgba32> Crop512()
    {
        var image = new Image<Rgba32>(512, 512);
        for (int y = 0; y < 512; y++)
            for (int x = 0; x < 512; x++)
                image[x, y] = new Rgba32((byte)(x / 2), (byte)(y / 2), 90, 255);
        return image;
    }

    private static MaskPlane Hole512()
    {
        var mask = new MaskPlane(512, 512);
        for (int y = 200; y < 300; y++)
            for (int x = 100; x < 400; x++)
                mask[x, y] = 1f;
        return mask;
    }

    [Fact]
    public async Task Output_is_read_in_0_255_without_scaling_again_and_known_pixels_survive()
    {
        using var session = TinyDiffusionModels.Lama("batch");
        using var crop = Crop512();
        using var result = await new LamaFill(session).GenerateAsync(new GenerationRequest(crop, Hole512(), "", 0.85, 1), null, CancellationToken.None);
        // The graph composites in [0,1] and multiplies by 255: a second ×255 would saturate everything.
        Assert.Equal(crop[10, 10], result[10, 10]);
        Assert.Equal(crop[500, 480], result[500, 480]);
        var hole = result[250, 250];
        Assert.InRange(hole.R, 127, 128);
        Assert.InRange(hole.G, 127, 128);
    }

    [Fact]
    public async Task Other_crop_sizes_are_resized_to_the_fixed_512_input_and_back()
    {
        using var session = TinyDiffusionModels.Lama("batch");
        using var crop = DiffusionTestImages.Crop();
        using var result = await new LamaFill(session).GenerateAsync(DiffusionTestImages.Request(crop, 1), null, CancellationToken.None);
        Assert.Equal(DiffusionTestImages.Width, result.Width);
        Assert.Equal(DiffusionTestImages.Height, result.Height);
        Assert.InRange(result[32, 24].R, 120, 135); // hole centre: the model's grey
    }

    [Fact]
    public async Task A_batch_equals_single_runs_also_with_a_fixed_batch_of_one()
    {
        using var dynamicBatch = TinyDiffusionModels.Lama("batch");
        using var fixedBatch = TinyDiffusionModels.Lama(1);
        using var crop = DiffusionTestImages.Crop();
        var requests = new[] { DiffusionTestImages.Request(crop, 1), DiffusionTestImages.Request(crop, 2) };
        var batch = await new LamaFill(dynamicBatch).GenerateBatchAsync(requests, null, CancellationToken.None);
        var oneByOne = await new LamaFill(fixedBatch).GenerateBatchAsync(requests, null, CancellationToken.None);
        using var single = await new LamaFill(dynamicBatch).GenerateAsync(requests[0], null, CancellationToken.None);
        Assert.True(TestImages.SamePixels(single, batch[0]));
        Assert.True(TestImages.SamePixels(batch[0], batch[1])); // deterministic: the seed does not matter
        Assert.True(TestImages.SamePixels(batch[1], oneByOne[1]));
        foreach (var image in batch.Concat(oneByOne)) image.Dispose();
    }

    [Fact]
    public void Creativity_has_no_lama_controls()
    {
        using var session = TinyDiffusionModels.Lama("batch");
        var engine = new LamaFill(session);
        Assert.Empty(engine.ControlsFor(0.2).Values);
        Assert.Equal("lama", engine.Name);
    }
}
