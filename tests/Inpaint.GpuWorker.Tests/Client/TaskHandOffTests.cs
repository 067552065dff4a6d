using Azure.Storage.Blobs;
using Inpaint.GpuWorker.Tests.Engines;
using Inpaint.GpuWorker.Tests.Hosting;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Orchestration.Activities;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Worker;
using Inpaint.Testing;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inpaint.GpuWorker.Tests.Client;

/// <summary>
/// The generation step with the GPU worker as its engine: <see cref="GenerateActivity"/> hands the real worker the
/// task's blob names, the worker reads the task's crop, mask and alpha and writes <c>sample-i.png</c> itself.
/// The file must be byte for byte what the same activity writes with the same engine in process, and nothing may
/// be staged on the way.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TaskHandOffTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const int Width = 40, Height = 32;
    private readonly string staging = "staging-" + Guid.NewGuid().ToString("n")[..8];
    private readonly SeededFill workerEngine = new("seeded");
    private WorkerHost host = null!;
    private ServiceProvider orchestration = null!;
    private TaskImages images = null!;

    public async Task InitializeAsync()
    {
        host = new WorkerHost(azurite.ConnectionString, services => services.AddSingleton<IGenerationEngine>(workerEngine));
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

        var storage = new StorageClients(Options.Create(new StorageOptions { ConnectionString = azurite.ConnectionString }));
        await storage.Blobs.GetBlobContainerClient(BlobContainers.Tasks).CreateIfNotExistsAsync();
        images = new TaskImages(new BlobStore(storage));
    }

    public async Task DisposeAsync()
    {
        await orchestration.DisposeAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task The_worker_writes_the_tasks_sample_itself_equal_to_the_in_process_sample_and_stages_nothing()
    {
        var remoteTask = await PutTaskAsync();
        var localTask = await PutTaskAsync();

        var remote = await GenerateAsync(orchestration.GetRequiredService<WorkerGenerationEngine>(), new GenerateInput(remoteTask, 1, 99, "a red boat", 0.7));
        var local = await GenerateAsync(new SeededFill("seeded"), new GenerateInput(localTask, 1, 99, "a red boat", 0.7));

        var written = await ReadBlobAsync(TaskBlobNames.Sample(remoteTask, 1));
        Assert.Equal(await ReadBlobAsync(TaskBlobNames.Sample(localTask, 1)), written);
        Assert.Equal([1], workerEngine.Calls); // the worker's engine made it, once
        Assert.Equal(("seeded", "seeded-v1"), (remote.Engine, remote.Model)); // what the worker ran, from its answer
        Assert.Equal(local.Controls, remote.Controls);
        Assert.Null(remote.Warning);
        Assert.False((await new BlobContainerClient(azurite.ConnectionString, staging).ExistsAsync()).Value, "a task's sample was staged");

        // The alpha reached the worker's engine: without it the same engine makes a different sample.
        using var crop = await images.ReadImageAsync(TaskBlobNames.Crop(remoteTask), default);
        var mask = await images.ReadMaskAsync(TaskBlobNames.Mask(remoteTask), default);
        using var withoutAlpha = await new SeededFill().GenerateAsync(new GenerationRequest(crop, mask, "a red boat", 0.7, 99), null, default);
        Assert.NotEqual(ImageEncoder.Encode(withoutAlpha, OutputFormat.Png), written);
    }

    [Fact]
    public async Task A_retried_sample_overwrites_the_same_blob()
    {
        var task = await PutTaskAsync();
        var engine = orchestration.GetRequiredService<WorkerGenerationEngine>();

        await GenerateAsync(engine, new GenerateInput(task, 0, 7, "", 0.5));
        var first = await ReadBlobAsync(TaskBlobNames.Sample(task, 0));
        await GenerateAsync(engine, new GenerateInput(task, 0, 7, "", 0.5));

        Assert.Equal(first, await ReadBlobAsync(TaskBlobNames.Sample(task, 0)));
        var names = new List<string>();
        await foreach (var blob in new BlobContainerClient(azurite.ConnectionString, BlobContainers.Tasks).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, task + "/", default))
            names.Add(blob.Name);
        Assert.Equal([TaskBlobNames.Alpha(task), TaskBlobNames.Crop(task), TaskBlobNames.Mask(task), TaskBlobNames.Sample(task, 0)], names.Order(StringComparer.Ordinal));
    }

    /// <summary>A task's generation inputs as the pipeline writes them: the crop, the grown binary mask and a
    /// feathered (16-bit) alpha.</summary>
    private async Task<string> PutTaskAsync()
    {
        var id = TaskIds.New(DateTimeOffset.UtcNow);
        using var crop = TestScenes.Crop(Width, Height, 2);
        var mask = TestScenes.CentreMask(Width, Height);
        var alpha = new MaskPlane(Width, Height);
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
                alpha[x, y] = mask[x, y] * (0.25f + 0.75f * x / (Width - 1));
        await images.WriteImageAsync(TaskBlobNames.Crop(id), crop, default);
        await images.WriteMaskAsync(TaskBlobNames.Mask(id), mask, default);
        await images.WriteMaskAsync(TaskBlobNames.Alpha(id), alpha, default);
        return id;
    }

    private Task<SampleReport> GenerateAsync(IGenerationEngine engine, GenerateInput input) =>
        new GenerateActivity(new SingleEngineChooser(() => engine), images).RunAsync(new ActivityContext(), input);

    private async Task<byte[]> ReadBlobAsync(string name) =>
        (await new BlobContainerClient(azurite.ConnectionString, BlobContainers.Tasks).GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();

    /// <summary>The activity reads nothing from its context; Durable supplies one in production.</summary>
    private sealed class ActivityContext : TaskActivityContext
    {
        public override TaskName Name => nameof(GenerateActivity);

        public override string InstanceId => "hand-off-test";
    }
}
