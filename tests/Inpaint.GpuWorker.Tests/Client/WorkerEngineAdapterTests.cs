using Azure.Storage.Blobs;
using Inpaint.GpuWorker.Tests.Engines;
using Inpaint.GpuWorker.Tests.Hosting;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using Inpaint.Testing;

namespace Inpaint.GpuWorker.Tests.Client;

/// <summary>
/// The orchestration's view: <see cref="WorkerGenerationEngine"/> and <see cref="WorkerRegionEngine"/> are plain
/// <see cref="IGenerationEngine"/> / <see cref="IRegionEngine"/>s whose work happens on the real worker, with pixels
/// staged through Azurite. Their results must equal the same engines run in process.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WorkerEngineAdapterTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string staging = "staging-" + Guid.NewGuid().ToString("n")[..8];
    private WorkerHost host = null!;
    private ServiceProvider orchestration = null!;

    public async Task InitializeAsync()
    {
        host = new WorkerHost(azurite.ConnectionString, services =>
        {
            services.AddSingleton<IGenerationEngine>(new SeededFill("seeded"));
            services.AddSingleton<IRegionEngine, ColourRegions>();
        });
        await host.ReadyKeyClientAsync();

        var settings = new Dictionary<string, string?>
        {
            ["WorkerClient:BaseAddress"] = "http://localhost/",
            ["WorkerClient:ApiKey"] = WorkerHost.ApiKey,
            ["WorkerClient:StagingContainer"] = staging,
            ["WorkerClient:FillModel"] = "seeded",
        };
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddSingleton(new BlobServiceClient(azurite.ConnectionString));
        services.AddWorkerClient();
        services.AddHttpClient<WorkerClient>().ConfigurePrimaryHttpMessageHandler(() => host.Server.CreateHandler());
        orchestration = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await orchestration.DisposeAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Fill_through_the_worker_equals_the_engine_in_process_and_leaves_no_staged_blobs()
    {
        IGenerationEngine engine = orchestration.GetRequiredService<WorkerGenerationEngine>();
        using var crop = TestScenes.Crop(40, 32, 2);
        var request = new GenerationRequest(crop, TestScenes.CentreMask(40, 32), "a red boat", 0.7, 99);
        var steps = new List<GenerationProgress>();

        using var remote = await engine.GenerateAsync(request, new SynchronousProgress(steps), default);

        using var local = await new SeededFill().GenerateAsync(request, null, default);
        Assert.Equal(0, TestImages.CountDifferent(local, remote));
        Assert.Equal("seeded", engine.Name);
        Assert.Equal("seeded-v1", engine.Model); // what the worker ran, from its answer
        Assert.Null(((IReportsRun)engine).Warning);
        Assert.Equal([new GenerationProgress(1, 1)], steps);
        var left = new List<string>();
        await foreach (var blob in new BlobContainerClient(azurite.ConnectionString, staging).GetBlobsAsync())
            left.Add(blob.Name);
        Assert.Empty(left);
    }

    [Fact]
    public async Task Segment_and_foreground_through_the_worker_equal_the_engine_in_process()
    {
        IRegionEngine engine = orchestration.GetRequiredService<WorkerRegionEngine>();
        using var scene = TestScenes.Shapes();

        var segment = await engine.SegmentAsync(scene, "blue", default);
        var foreground = await engine.ForegroundAsync(scene, default);

        Assert.Equal((await new ColourRegions().SegmentAsync(scene, "blue", default)).Data, segment.Data);
        Assert.Equal((await new ColourRegions().ForegroundAsync(scene, default)).Data, foreground.Data);
    }

    [Fact]
    public async Task A_prompt_matching_nothing_surfaces_as_RegionNotFoundException()
    {
        IRegionEngine engine = orchestration.GetRequiredService<WorkerRegionEngine>();
        using var scene = TestScenes.Shapes();

        var error = await Assert.ThrowsAsync<RegionNotFoundException>(() => engine.SegmentAsync(scene, "green", default));

        Assert.Equal("green", error.Prompt);
    }

    private sealed class SynchronousProgress(List<GenerationProgress> steps) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => steps.Add(value);
    }
}
