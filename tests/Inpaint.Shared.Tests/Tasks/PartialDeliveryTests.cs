using System.Diagnostics;
using System.Text.Json;
using Inpaint.Inference.Generation;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Tasks;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Tests.Tasks;

/// <summary>
/// Eden's delivery semantics: a sample appears in the result as soon as it is made, a cancel keeps what was delivered
/// and refunds only the rest, and the task's cost shows the net charge.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PartialDeliveryTests(AzuriteFixture azurite)
{
    private const long Seed = 41;

    /// <remarks>
    /// Two samples, not four: the in-process Durable test host runs at most <see cref="Environment.ProcessorCount"/>
    /// activities at once (its in-memory service's fixed limit; 2 on CI), and a held sample keeps its slot, so with
    /// three held the first sample's composite and delivery could never start.
    /// </remarks>
    [Fact]
    public async Task A_task_cancelled_after_one_of_two_samples_keeps_it_and_refunds_the_other()
    {
        var engine = new FirstSampleOnlyEngine(Seed);
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString, engine);
        var (creator, queries, canceller) = (host.Get<TaskCreator>(), host.Get<TaskQueries>(), host.Get<TaskCanceller>());
        using var photo = TestImages.Photo(160, 120);
        using var mask = TestImages.RectangleMask(160, 120, new Rectangle(50, 40, 40, 30));
        var request = new CreateTaskRequest(ToolNames.FluxInpainting, JsonDocument.Parse(
            $$"""{"image":"{{await host.UploadAsync(TestImages.Png(photo))}}","mask_image":"{{await host.UploadAsync(TestImages.Png(mask))}}","n_samples":2,"seed":{{Seed}}}""").RootElement.Clone());
        var task = await creator.CreateAsync(host.User, request, host.Client, default);
        Assert.Equal(4, task.Cost);

        // The first sample is published while the task still runs (the other is held by the engine).
        TaskDocument running = task;
        var clock = Stopwatch.StartNew();
        while (running.Result is not { Count: > 0 } && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
            running = await queries.GetAsync(host.User, task.Id, default);
        }

        Assert.True(running.Result is { Count: 1 }, $"no sample was published while the task ran; status {running.Status}, result {running.Result?.Count}");
        Assert.Equal(TaskStatuses.Running, running.Status);
        Assert.Equal(Seed, running.Result![0].Seed);
        Assert.Equal(4, running.Cost);

        var cancelled = await canceller.CancelAsync(host.User, task.Id, host.Client, default);
        engine.Release();

        Assert.Equal(TaskStatuses.Cancelled, cancelled.Status);
        var kept = Assert.Single(cancelled.Result!);
        Assert.Equal(Seed, kept.Seed);
        Assert.Equal(2, cancelled.Cost);
        Assert.Equal(OrchestrationHost.StartingCredits - 2, await host.Get<CreditLedger>().BalanceAsync(host.User));
        await Task.Delay(500); // a late sample or finalize must neither add to the result nor refund again
        var final = await queries.GetAsync(host.User, task.Id, default);
        Assert.Single(final.Result!);
        Assert.Equal(2, final.Cost);
        Assert.Equal(OrchestrationHost.StartingCredits - 2, await host.Get<CreditLedger>().BalanceAsync(host.User));
    }

    [Fact]
    public async Task Each_result_entry_has_eden_media_outputs_for_the_output_the_preview_and_the_mask()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        using var photo = TestImages.Photo(160, 120);
        using var mask = TestImages.RectangleMask(160, 120, new Rectangle(50, 40, 40, 30));
        var request = new CreateTaskRequest(ToolNames.FluxInpainting, JsonDocument.Parse(
            $$"""{"image":"{{await host.UploadAsync(TestImages.Png(photo))}}","mask_image":"{{await host.UploadAsync(TestImages.Png(mask))}}","n_samples":2,"resolution":512}""").RootElement.Clone());
        var task = await host.Get<TaskCreator>().CreateAsync(host.User, request, host.Client, default);
        await host.WaitForFinalAsync(task.Id);
        var done = await host.Get<TaskQueries>().GetAsync(host.User, task.Id, default);

        Assert.Equal(4, done.Cost);
        var json = JsonDocument.Parse(JsonSerializer.Serialize(done)).RootElement;
        foreach (var sample in json.GetProperty("result").EnumerateArray())
        {
            var output = sample.GetProperty("output")[0];
            Assert.Equal("image", output.GetProperty("mediaAttributes").GetProperty("type").GetString());
            Assert.Equal(160, output.GetProperty("mediaAttributes").GetProperty("width").GetInt32());
            Assert.Equal(1.3333, output.GetProperty("mediaAttributes").GetProperty("aspectRatio").GetDouble());
            foreach (var kind in new[] { "inpaint_preview", "inpaint_mask" })
            {
                var media = Assert.Single(sample.GetProperty("intermediate_outputs").GetProperty(kind).EnumerateArray());
                Assert.StartsWith("http", media.GetProperty("url").GetString());
                var attributes = media.GetProperty("mediaAttributes");
                Assert.Equal("image/png", attributes.GetProperty("mimeType").GetString());
                // The preview and mask are the working crop: its long side is the resolution asked for.
                Assert.Equal(512, Math.Max(attributes.GetProperty("width").GetInt32(), attributes.GetProperty("height").GetInt32()));
            }

            Assert.True(sample.TryGetProperty("seed", out _) && sample.TryGetProperty("engine", out _) && sample.TryGetProperty("controls", out _));
        }
    }

    /// <summary>A real fill that makes the sample of <paramref name="firstSeed"/> at once and holds the others until released.</summary>
    private sealed class FirstSampleOnlyEngine(long firstSeed) : IGenerationEngine
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly HarmonicFill _inner = new();

        public string Name => _inner.Name;

        public string Model => _inner.Model;

        public void Release() => _open.TrySetResult();

        public async Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
        {
            if (request.Seed != firstSeed) await _open.Task;
            return await _inner.GenerateAsync(request, progress, cancellationToken);
        }
    }
}
