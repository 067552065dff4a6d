using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inpaint.GpuWorker.Tests.Engines;
using Inpaint.GpuWorker.Tests.Hosting;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Worker;
using Microsoft.Extensions.DependencyInjection;

using Inpaint.Testing;

namespace Inpaint.GpuWorker.Tests.Api;

/// <summary>Every way a request can point at the wrong thing gets a 400 problem naming the field, before any GPU work.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BadReferenceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly SeededFill engine = new();
    private WorkerHost host = null!;
    private HttpClient client = null!;
    private TestBlobs blobs = null!;
    private BlobReference image = null!;
    private BlobReference mask = null!;

    public async Task InitializeAsync()
    {
        host = new WorkerHost(azurite.ConnectionString, services =>
        {
            services.AddSingleton<IGenerationEngine>(engine);
            services.AddSingleton<IRegionEngine, ColourRegions>();
        });
        client = await host.ReadyKeyClientAsync();
        blobs = await TestBlobs.CreateAsync(azurite.ConnectionString);
        image = await blobs.PutImageAsync("crop.png", TestScenes.Crop(16, 16));
        mask = await blobs.PutMaskAsync("mask.png", TestScenes.CentreMask(16, 16));
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<JsonElement> AssertBadRequestAsync(HttpResponseMessage response, string type, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Empty(engine.Calls); // refused before any GPU work
        return problem;
    }

    private Task<HttpResponseMessage> DiffuseAsync(BlobReference source, BlobReference maskReference, params BlobReference[] outputs) =>
        client.PostAsJsonAsync("/v1/diffuse", new DiffuseWorkRequest(source, maskReference, "x", 0.5, 1, outputs), WorkerJson.Options);

    [Fact]
    public async Task Missing_blob_is_400_naming_the_field()
    {
        var problem = await AssertBadRequestAsync(await DiffuseAsync(blobs.Ref("nope.png"), mask, blobs.Ref("o.png")), WorkerProblemTypes.InvalidReference, "image");
        Assert.Contains("does not exist", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Missing_container_is_400()
    {
        await AssertBadRequestAsync(await DiffuseAsync(image, BlobReference.In("no-such-container", "mask.png"), blobs.Ref("o.png")), WorkerProblemTypes.InvalidReference, "mask");
    }

    [Theory]
    [InlineData("UPPER", "a.png")]
    [InlineData("ab", "a.png")]
    [InlineData("a--b", "a.png")]
    [InlineData("good", "")]
    [InlineData("good", "dir/")]
    public async Task Malformed_container_or_blob_name_is_400(string container, string name)
    {
        await AssertBadRequestAsync(await DiffuseAsync(image, mask, BlobReference.In(container, name)), WorkerProblemTypes.InvalidReference, "outputs[0]");
    }

    [Theory]
    [InlineData("https://evil.example/devstoreaccount1/c/a.png")]
    [InlineData("http://169.254.169.254/metadata/instance")]
    public async Task Url_outside_the_workers_account_is_400_and_never_fetched(string url)
    {
        await AssertBadRequestAsync(await DiffuseAsync(BlobReference.At(new Uri(url)), mask, blobs.Ref("o.png")), WorkerProblemTypes.InvalidReference, "image");
    }

    [Fact]
    public async Task Url_and_name_together_is_400()
    {
        var both = new BlobReference(blobs.Container.Name, "crop.png", blobs.Container.GetBlobClient("crop.png").Uri);
        await AssertBadRequestAsync(await DiffuseAsync(both, mask, blobs.Ref("o.png")), WorkerProblemTypes.InvalidReference, "image");
    }

    [Fact]
    public async Task A_blob_that_is_not_an_image_is_400_invalid_image()
    {
        var text = await blobs.PutBytesAsync("notes.png", "just text, not a picture"u8.ToArray());
        await AssertBadRequestAsync(await DiffuseAsync(text, mask, blobs.Ref("o.png")), WorkerProblemTypes.InvalidImage, "image");
    }

    [Fact]
    public async Task A_mask_of_another_size_is_400_naming_the_mask()
    {
        var small = await blobs.PutMaskAsync("small.png", TestScenes.CentreMask(8, 8));
        var problem = await AssertBadRequestAsync(await DiffuseAsync(image, small, blobs.Ref("o.png")), WorkerProblemTypes.InvalidImage, "mask");
        Assert.Contains("8x8", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task No_outputs_is_400()
    {
        await AssertBadRequestAsync(await DiffuseAsync(image, mask), WorkerProblemTypes.InvalidRequest, "outputs");
    }

    [Fact]
    public async Task Creativity_out_of_range_is_400()
    {
        var response = await client.PostAsJsonAsync("/v1/diffuse", new DiffuseWorkRequest(image, mask, "x", 1.5, 1, [blobs.Ref("o.png")]), WorkerJson.Options);
        await AssertBadRequestAsync(response, WorkerProblemTypes.InvalidRequest, "creativity");
    }

    [Fact]
    public async Task Malformed_json_is_400_problem()
    {
        var response = await client.PostAsync("/v1/diffuse", new StringContent("{\"image\": 12", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Region_call_with_a_missing_image_is_400()
    {
        var response = await client.PostAsJsonAsync("/v1/segment", new SegmentWorkRequest(blobs.Ref("gone.png"), "red", blobs.Ref("m.png")), WorkerJson.Options);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
