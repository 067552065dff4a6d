using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Validation;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Tests.Orchestration;

[Collection(AzuriteCollection.Name)]
public sealed class InpaintOrchestratorTests(AzuriteFixture azurite)
{
    private static readonly Rectangle Hole = new(100, 80, 60, 50);

    private static CreateTaskRequest Request(string image, string mask, string extra = "") => new(
        ToolNames.FluxInpainting,
        JsonDocument.Parse($$"""{"image":"{{image}}","mask_image":"{{mask}}","inpainting_prompt":"grass"{{extra}}}""").RootElement.Clone());

    private static async Task<(string Image, string Mask)> UploadPhotoAndMask(OrchestrationHost host, Rectangle hole)
    {
        using var photo = TestImages.Photo(320, 240);
        using var mask = TestImages.RectangleMask(160, 120, new Rectangle(hole.X / 2, hole.Y / 2, hole.Width / 2, hole.Height / 2));
        return (await host.UploadAsync(TestImages.Png(photo)), await host.UploadAsync(TestImages.Png(mask)));
    }

    [Fact]
    public async Task A_task_with_an_uploaded_mask_completes_with_every_sample_composited_at_full_size()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var (image, mask) = await UploadPhotoAndMask(host, Hole);

        var created = await host.Get<TaskCreator>().CreateAsync(
            host.User, Request(image, mask, ""","n_samples":3,"seed":41,"mask_blur":4,"mask_expand":2"""), host.Client, CancellationToken.None);
        Assert.Equal(TaskStatuses.Pending, created.Status);
        Assert.Equal(6, created.Cost);

        var row = await host.WaitForFinalAsync(created.Id);
        Assert.Equal(TaskStatuses.Completed, row.Status);
        Assert.Null(row.Error);

        var task = await host.Get<TaskQueries>().GetAsync(host.User, created.Id, CancellationToken.None);
        Assert.NotNull(task.Result);
        Assert.Equal([41L, 42L, 43L], task.Result.Select(s => s.Seed));
        Assert.All(task.Result, s => Assert.Equal("harmonic", s.Engine));
        Assert.All(task.Result, s => Assert.Equal(new MediaAttributes(320, 240, "image/png"), s.Output.Single().MediaAttributes));
        Assert.NotNull(task.Performance);
        Assert.Equal(["prepare", "select-region", "refine-mask", "diffuse", "composite"], task.Performance.Steps.Select(s => s.Step));

        var blobs = host.Get<BlobStore>();
        using var source = TestImages.Photo(320, 240);
        for (var i = 0; i < 3; i++)
        {
            var bytes = await blobs.GetAsync(BlobContainers.Tasks, TaskBlobNames.Output(created.Id, i, OutputFormat.Png));
            using var output = Image.Load<Rgba32>(bytes.ToArray());
            Assert.Equal(source.Width, output.Width);
            Assert.Equal(source[10, 10], output[10, 10]);        // far outside the region: untouched
            Assert.NotEqual(source[130, 105], output[130, 105]); // the checker pattern inside the hole is gone
        }
    }

    [Fact]
    public async Task Colour_matching_at_a_resolution_off_the_16_grid_keeps_everything_outside_the_feather_identical()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var (image, mask) = await UploadPhotoAndMask(host, Hole);
        var created = await host.Get<TaskCreator>().CreateAsync(
            host.User, Request(image, mask, ""","color_match":true,"mask_blur":3,"mask_expand":0,"resolution":1000"""), host.Client, CancellationToken.None);
        Assert.Equal(TaskStatuses.Completed, (await host.WaitForFinalAsync(created.Id)).Status);

        var bytes = await host.Get<BlobStore>().GetAsync(BlobContainers.Tasks, TaskBlobNames.Output(created.Id, 0, OutputFormat.Png));
        using var output = Image.Load<Rgba32>(bytes.ToArray());
        using var source = TestImages.Photo(320, 240);
        Assert.Equal(source[5, 5], output[5, 5]);
        Assert.Equal(source[310, 230], output[310, 230]);
    }

    [Fact]
    public async Task A_mask_that_selects_nothing_is_refused_at_creation_and_nothing_is_charged()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var (image, mask) = await UploadPhotoAndMask(host, Rectangle.Empty);

        var error = await Assert.ThrowsAsync<InvalidImageException>(() =>
            host.Get<TaskCreator>().CreateAsync(host.User, Request(image, mask), host.Client, CancellationToken.None));

        Assert.Equal("mask_image", error.Field);
        Assert.Contains("mask_image selects no pixels", error.Message);
        Assert.Equal(OrchestrationHost.StartingCredits, await host.Get<Ledger.CreditLedger>().BalanceAsync(host.User));
        Assert.Empty((await host.Get<TaskQueries>().ListAsync(host.User, null, null, null, CancellationToken.None)).Docs);
    }

    [Fact]
    public async Task A_transient_engine_failure_is_retried_and_the_task_completes()
    {
        var flaky = new FlakyEngine(failures: 2);
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString, flaky);
        var (image, mask) = await UploadPhotoAndMask(host, Hole);

        var created = await host.Get<TaskCreator>().CreateAsync(host.User, Request(image, mask), host.Client, CancellationToken.None);
        var row = await host.WaitForFinalAsync(created.Id);

        Assert.Equal(TaskStatuses.Completed, row.Status);
        Assert.Equal(3, flaky.Calls);
    }

    [Fact]
    public async Task A_text_prompt_is_refused_at_creation_when_no_segmentation_model_is_installed()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var (image, _) = await UploadPhotoAndMask(host, Hole);
        var request = new CreateTaskRequest(ToolNames.FluxInpainting,
            JsonDocument.Parse($$"""{"image":"{{image}}","masking_prompt":"hat","inpainting_prompt":"a sombrero"}""").RootElement.Clone());

        var error = await Assert.ThrowsAsync<RequestValidationException>(() =>
            host.Get<TaskCreator>().CreateAsync(host.User, request, host.Client, CancellationToken.None));
        Assert.Contains("runs no region engine", Assert.Single(error.Errors["masking_prompt"]));
    }

    [Fact]
    public async Task Another_users_upload_cannot_be_used()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var (image, mask) = await UploadPhotoAndMask(host, Hole);

        var error = await Assert.ThrowsAsync<RequestValidationException>(() =>
            host.Get<TaskCreator>().CreateAsync("someone-else", Request(image, mask), host.Client, CancellationToken.None));
        Assert.Contains("was not found", Assert.Single(error.Errors["image"]));
    }

    /// <summary>A real fill that first fails like an overloaded GPU worker would, then works.</summary>
    private sealed class FlakyEngine(int failures) : IGenerationEngine
    {
        private readonly Inference.Generation.HarmonicFill _inner = new();
        private int _calls;

        public int Calls => _calls;

        public string Name => _inner.Name;

        public string Model => _inner.Model;

        public Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) <= failures
                ? throw new HttpRequestException("worker answered 503")
                : _inner.GenerateAsync(request, progress, cancellationToken);
    }
}
