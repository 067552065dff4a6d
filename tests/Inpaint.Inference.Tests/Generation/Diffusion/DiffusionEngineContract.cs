using Inpaint.Inference.Generation;
using Inpaint.Inference.Tests.TinyModels;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Imaging;
using Inpaint.Testing;
using static Inpaint.Inference.Tests.Generation.Diffusion.DiffusionTestImages;

namespace Inpaint.Inference.Tests.Generation.Diffusion;

/// <summary>
/// What every diffusion engine promises the orchestration and the worker, run against each engine's tiny
/// models: seeds are reproducible, a batch equals single runs, creativity reaches the model, progress is
/// reported per step and cancellation stops within one step.
/// </summary>
public abstract class DiffusionEngineContract<TModels> where TModels : IDisposable
{
    /// <summary>The engine's tiny models with dynamic shapes.</summary>
    protected abstract TModels LoadModels();

    /// <summary>The engine over <paramref name="models"/>, set to 4 steps.</summary>
    protected abstract IGenerationEngine FourStepEngine(TModels models);

    [Fact]
    public async Task Same_seed_gives_the_same_image_and_different_seeds_differ()
    {
        using var models = LoadModels();
        using var crop = Crop();
        var engine = FourStepEngine(models);
        using var a = await engine.GenerateAsync(Request(crop, 7), null, CancellationToken.None);
        using var b = await engine.GenerateAsync(Request(crop, 7), null, CancellationToken.None);
        using var c = await engine.GenerateAsync(Request(crop, 8), null, CancellationToken.None);
        Assert.True(TestImages.SamePixels(a, b));
        Assert.False(TestImages.SamePixels(a, c));
    }

    [Fact]
    public async Task A_batch_gives_the_same_images_as_single_runs()
    {
        using var models = LoadModels();
        using var crop = Crop();
        var engine = FourStepEngine(models);
        var batch = await engine.GenerateBatchAsync([Request(crop, 10), Request(crop, 11), Request(crop, 12)], null, CancellationToken.None);
        for (int i = 0; i < 3; i++)
        {
            using var single = await engine.GenerateAsync(Request(crop, 10 + i), null, CancellationToken.None);
            Assert.True(TestImages.SamePixels(single, batch[i]), $"sample {i}");
        }
        foreach (var image in batch) image.Dispose();
    }

    [Fact]
    public async Task Creativity_reaches_the_model_through_guidance()
    {
        using var models = LoadModels();
        using var crop = Crop();
        var engine = FourStepEngine(models);
        using var low = await engine.GenerateAsync(Request(crop, 3, creativity: 0.1), null, CancellationToken.None);
        using var high = await engine.GenerateAsync(Request(crop, 3, creativity: 1.0), null, CancellationToken.None);
        Assert.False(TestImages.SamePixels(low, high));
    }

    [Fact]
    public async Task An_alpha_of_another_size_than_the_crop_is_refused()
    {
        using var models = LoadModels();
        using var crop = Crop();
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => FourStepEngine(models).GenerateAsync(Request(crop, 1) with { Alpha = new MaskPlane(Width / 2, Height) }, null, CancellationToken.None));
        Assert.Contains("Alpha", ex.Message);
    }

    [Fact]
    public async Task Reports_each_step_and_stops_within_one_step_when_cancelled()
    {
        using var models = LoadModels();
        using var crop = Crop();
        var engine = FourStepEngine(models);

        var all = new List<GenerationProgress>();
        (await engine.GenerateAsync(Request(crop, 1), new SyncProgress<GenerationProgress>(all.Add), CancellationToken.None)).Dispose();
        Assert.Equal([new(1, 4), new(2, 4), new(3, 4), new(4, 4)], all);

        using var cts = new CancellationTokenSource();
        var seen = new List<GenerationProgress>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.GenerateAsync(Request(crop, 1), new SyncProgress<GenerationProgress>(p =>
        {
            seen.Add(p);
            if (p.Step == 1) cts.Cancel();
        }), cts.Token));
        Assert.Equal([new GenerationProgress(1, 4)], seen);
    }
}
