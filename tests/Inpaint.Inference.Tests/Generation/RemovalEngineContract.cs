using Inpaint.Testing;
using Inpaint.Inference.Tests.TinyModels;
using Inpaint.Shared.Generation;
using static Inpaint.Inference.Tests.Generation.Diffusion.DiffusionTestImages;

namespace Inpaint.Inference.Tests.Generation;

/// <summary>
/// What every removal engine (no prompt, no generative control) promises the orchestration and the worker,
/// beside <see cref="Diffusion.DiffusionEngineContract{TModels}"/> for the prompted ones: the same seed gives the
/// same image, a batch equals single runs, creativity maps to the engine's documented (constant) control set,
/// progress reaches n of n for n samples, and cancellation stops between samples.
/// </summary>
public abstract class RemovalEngineContract
{
    protected abstract IGenerationEngine Engine();

    [Fact]
    public async Task Same_seed_gives_the_same_image()
    {
        using var crop = Crop();
        var engine = Engine();
        using var a = await engine.GenerateAsync(Request(crop, 7, prompt: ""), null, CancellationToken.None);
        using var b = await engine.GenerateAsync(Request(crop, 7, prompt: ""), null, CancellationToken.None);
        Assert.True(TestImages.SamePixels(a, b));
        Assert.False(TestImages.SamePixels(crop, a)); // the hole was filled
    }

    [Fact]
    public async Task A_batch_gives_the_same_images_as_single_runs()
    {
        using var crop = Crop();
        var engine = Engine();
        var batch = await engine.GenerateBatchAsync([Request(crop, 10, prompt: ""), Request(crop, 11, prompt: ""), Request(crop, 12, prompt: "")], null, CancellationToken.None);
        Assert.Equal(3, batch.Count);
        for (int i = 0; i < 3; i++)
        {
            using var single = await engine.GenerateAsync(Request(crop, 10 + i, prompt: ""), null, CancellationToken.None);
            Assert.True(TestImages.SamePixels(single, batch[i]), $"sample {i}");
        }
        foreach (var image in batch) image.Dispose();
    }

    [Fact]
    public void Creativity_maps_to_the_same_documented_controls_at_every_value()
    {
        var engine = Engine();
        var reference = engine.ControlsFor(0.85);
        Assert.Equal(engine.Name, reference.Engine);
        for (double c = 0; c <= 1.1001; c += 0.1)
            Assert.Equal(reference.Values, engine.ControlsFor(c).Values);
    }

    [Fact]
    public async Task Reports_each_sample_and_stops_between_samples_when_cancelled()
    {
        using var crop = Crop();
        var engine = Engine();
        var requests = new[] { Request(crop, 1, prompt: ""), Request(crop, 2, prompt: ""), Request(crop, 3, prompt: "") };

        var all = new List<GenerationProgress>();
        foreach (var image in await engine.GenerateBatchAsync(requests, new SyncProgress<GenerationProgress>(all.Add), CancellationToken.None))
            image.Dispose();
        Assert.Equal(new GenerationProgress(3, 3), all[^1]);

        using var cts = new CancellationTokenSource();
        var seen = new List<GenerationProgress>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.GenerateBatchAsync(requests, new SyncProgress<GenerationProgress>(p =>
        {
            seen.Add(p);
            cts.Cancel();
        }), cts.Token));
        Assert.Single(seen);
    }
}
