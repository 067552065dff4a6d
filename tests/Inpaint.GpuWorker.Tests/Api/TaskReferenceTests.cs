using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Inpaint.GpuWorker.Tests.Engines;
using Inpaint.GpuWorker.Tests.Hosting;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Worker;
using Inpaint.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Inpaint.GpuWorker.Tests.Api;

/// <summary>
/// <c>POST /v1/generate</c> reads and writes only one task's own blobs. The worker can reach the whole storage
/// account, so every other name (another task's, another container, a URL, a climb out of the prefix) is a 400
/// problem naming the field, before any blob is read, any GPU work is queued or anything is written.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TaskReferenceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly string Task = TaskIds.New(DateTimeOffset.UtcNow);
    private static readonly string Other = TaskIds.New(DateTimeOffset.UtcNow.AddSeconds(1));
    private readonly SeededFill engine = new();
    private WorkerHost host = null!;
    private HttpClient client = null!;
    private BlobContainerClient tasks = null!;

    public async Task InitializeAsync()
    {
        host = new WorkerHost(azurite.ConnectionString, services => services.AddSingleton<IGenerationEngine>(engine));
        client = await host.ReadyKeyClientAsync();
        tasks = new BlobContainerClient(azurite.ConnectionString, BlobContainers.Tasks);
        await tasks.CreateIfNotExistsAsync();
        foreach (var id in new[] { Task, Other })
        {
            using var crop = TestScenes.Crop(16, 16);
            await tasks.GetBlobClient(TaskBlobNames.Crop(id)).UploadAsync(new BinaryData(ImageEncoder.Encode(crop, OutputFormat.Png)), overwrite: true);
            var mask = MaskCodec.EncodePng(TestScenes.CentreMask(16, 16));
            await tasks.GetBlobClient(TaskBlobNames.Mask(id)).UploadAsync(new BinaryData(mask), overwrite: true);
            await tasks.GetBlobClient(TaskBlobNames.Alpha(id)).UploadAsync(new BinaryData(mask), overwrite: true);
            // Part 1 of a region in two parts far apart: its own crop, mask and alpha, named with "-1".
            await tasks.GetBlobClient($"{id}/crop-1.png").UploadAsync(new BinaryData(ImageEncoder.Encode(crop, OutputFormat.Png)), overwrite: true);
            await tasks.GetBlobClient($"{id}/mask-1.png").UploadAsync(new BinaryData(mask), overwrite: true);
            await tasks.GetBlobClient($"{id}/alpha-1.png").UploadAsync(new BinaryData(mask), overwrite: true);
        }
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static GenerateWorkRequest Valid => GenerateWorkRequest.ForSample(new GenerateInput(Task, 0, 1, "", 0.5), model: null);

    private static BlobReference InTasks(string name) => BlobReference.In(BlobContainers.Tasks, name);

    public static TheoryData<string, string> Refused => new()
    {
        { "crop in another container", "crop" },
        { "crop that climbs out of its prefix", "crop" },
        { "crop that is not a task id", "crop" },
        { "crop given as a URL", "crop" },
        { "another task's mask", "mask" },
        { "the mask named as the alpha", "alpha" },
        { "output that is not a sample", "output" },
        { "output in another task", "output" },
        { "output with a padded index", "output" },
        { "missing output", "output" },
        { "a part's crop with part 0's mask", "mask" },
        { "a part's crop with part 0's alpha", "alpha" },
        { "a part's crop with part 0's sample", "output" },
        { "part 0's crop with a part's sample", "output" },
        { "a part beyond the most a task has", "crop" },
        { "part 0 named with its number", "crop" },
    };

    /// <summary>Part 1's blobs, named as the pipeline writes them.</summary>
    private static GenerateWorkRequest Part1 => Valid with
    {
        Crop = InTasks($"{Task}/crop-1.png"),
        Mask = InTasks($"{Task}/mask-1.png"),
        Alpha = InTasks($"{Task}/alpha-1.png"),
        Output = InTasks($"{Task}/sample-2-1.png"),
    };

    private static GenerateWorkRequest Case(string name) => name switch
    {
        "crop in another container" => Valid with { Crop = BlobReference.In("worker", TaskBlobNames.Crop(Task)) },
        "crop that climbs out of its prefix" => Valid with { Crop = InTasks($"{Task}/../{Other}/crop.png") },
        "crop that is not a task id" => Valid with { Crop = InTasks("x/crop.png") },
        "crop given as a URL" => Valid with { Crop = BlobReference.At(new Uri($"http://127.0.0.1:10000/devstoreaccount1/tasks/{Task}/crop.png")) },
        "another task's mask" => Valid with { Mask = InTasks(TaskBlobNames.Mask(Other)) },
        "the mask named as the alpha" => Valid with { Alpha = InTasks(TaskBlobNames.Mask(Task)) },
        "output that is not a sample" => Valid with { Output = InTasks(TaskBlobNames.Crop(Task)) },
        "output in another task" => Valid with { Output = InTasks(TaskBlobNames.Sample(Other, 0)) },
        "output with a padded index" => Valid with { Output = InTasks($"{Task}/sample-01.png") },
        "missing output" => Valid with { Output = null! },
        "a part's crop with part 0's mask" => Part1 with { Mask = InTasks(TaskBlobNames.Mask(Task)) },
        "a part's crop with part 0's alpha" => Part1 with { Alpha = InTasks(TaskBlobNames.Alpha(Task)) },
        "a part's crop with part 0's sample" => Part1 with { Output = InTasks(TaskBlobNames.Sample(Task, 0)) },
        "part 0's crop with a part's sample" => Valid with { Output = InTasks($"{Task}/sample-0-1.png") },
        "a part beyond the most a task has" => Part1 with { Crop = InTasks($"{Task}/crop-{CropParts.MaxParts}.png") },
        "part 0 named with its number" => Valid with { Crop = InTasks($"{Task}/crop-0.png") },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_reference_to_anything_but_the_tasks_own_blobs_is_400_naming_the_field(string name, string field)
    {
        var response = await client.PostAsJsonAsync("/v1/generate", Case(name), WorkerJson.Options);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(WorkerProblemTypes.InvalidReference, problem.GetProperty("type").GetString());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Empty(engine.Calls);
        Assert.False((await tasks.GetBlobClient(TaskBlobNames.Sample(Task, 0)).ExistsAsync()).Value);
        Assert.False((await tasks.GetBlobClient(TaskBlobNames.Sample(Other, 0)).ExistsAsync()).Value);
        Assert.False((await tasks.GetBlobClient($"{Task}/sample-0-1.png").ExistsAsync()).Value);
    }

    [Fact]
    public async Task A_task_whose_alpha_is_missing_is_400_naming_alpha()
    {
        var id = TaskIds.New(DateTimeOffset.UtcNow.AddSeconds(2));
        await tasks.GetBlobClient(TaskBlobNames.Crop(id)).StartCopyFromUriAsync(tasks.GetBlobClient(TaskBlobNames.Crop(Task)).Uri);
        await tasks.GetBlobClient(TaskBlobNames.Mask(id)).StartCopyFromUriAsync(tasks.GetBlobClient(TaskBlobNames.Mask(Task)).Uri);

        var response = await client.PostAsJsonAsync("/v1/generate", GenerateWorkRequest.ForSample(new GenerateInput(id, 0, 1, "", 0.5), null), WorkerJson.Options);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(WorkerProblemTypes.InvalidReference, problem.GetProperty("type").GetString());
        Assert.Equal("alpha", problem.GetProperty("field").GetString());
        Assert.Empty(engine.Calls);
    }

    [Fact]
    public async Task The_tasks_own_blobs_are_accepted()
    {
        // Sample 3: the refusals above check that sample 0 is never written.
        var response = await client.PostAsJsonAsync("/v1/generate", Valid with { Output = InTasks(TaskBlobNames.Sample(Task, 3)) }, WorkerJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await WorkerHost.ReadAsync<GenerateWorkResponse>(response);
        Assert.Equal((engine.Name, engine.Model), (answer.Engine, answer.Model));
        Assert.True((await tasks.GetBlobClient(TaskBlobNames.Sample(Task, 3)).ExistsAsync()).Value);
    }

    [Fact]
    public async Task A_parts_own_blobs_are_accepted_and_its_sample_is_written_beside_them()
    {
        var response = await client.PostAsJsonAsync("/v1/generate", Part1, WorkerJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await tasks.GetBlobClient($"{Task}/sample-2-1.png").ExistsAsync()).Value);
        Assert.False((await tasks.GetBlobClient(TaskBlobNames.Sample(Task, 2)).ExistsAsync()).Value);
    }

    [Fact]
    public void The_pipeline_names_a_parts_blobs_as_the_worker_expects()
    {
        var request = GenerateWorkRequest.ForSample(new GenerateInput(Task, 2, 1, "", 0.5, Part: 1), model: null);

        Assert.Equal(Part1, request);
    }
}
