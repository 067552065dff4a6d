using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Sas;
using Inpaint.GpuWorker.Tests.Engines;
using Inpaint.GpuWorker.Tests.Hosting;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Worker;
using Microsoft.Extensions.DependencyInjection;

using Inpaint.Testing;

namespace Inpaint.GpuWorker.Tests.Api;

[Collection(AzuriteCollection.Name)]
public sealed class RegionEndpointTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private WorkerHost host = null!;
    private HttpClient client = null!;
    private TestBlobs blobs = null!;

    public async Task InitializeAsync()
    {
        host = new WorkerHost(azurite.ConnectionString, services =>
        {
            services.AddSingleton<IRegionEngine, ColourRegions>();
            services.AddSingleton<IGenerationEngine>(new SeededFill());
        });
        client = await host.ReadyKeyClientAsync();
        blobs = await TestBlobs.CreateAsync(azurite.ConnectionString);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Segment_writes_the_union_of_the_prompted_regions_to_the_mask_blob()
    {
        using var scene = TestScenes.Shapes();
        var image = await blobs.PutImageAsync("source.png", scene);

        var response = await client.PostAsJsonAsync("/v1/segment", new SegmentWorkRequest(image, "red, blue", blobs.Ref("mask.png")), WorkerJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await WorkerHost.ReadAsync<RegionWorkResponse>(response);
        Assert.Equal((64, 48), (body.Width, body.Height));
        Assert.Equal((16 * 16 + 12 * 10) / (64.0 * 48), body.Coverage, 6);
        var mask = await blobs.GetMaskAsync("mask.png");
        Assert.Equal(1f, mask[8, 8]);
        Assert.Equal(1f, mask[45, 35]);
        Assert.Equal(0f, mask[30, 30]);
        Assert.Equal(16 * 16 + 12 * 10, mask.Data.Count(v => v == 1f));
    }

    [Fact]
    public async Task Segment_with_nothing_matching_is_422_region_not_found_naming_the_prompt()
    {
        using var scene = TestScenes.Shapes();
        var image = await blobs.PutImageAsync("source.png", scene);

        var response = await client.PostAsJsonAsync("/v1/segment", new SegmentWorkRequest(image, "green", blobs.Ref("mask.png")), WorkerJson.Options);

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(WorkerProblemTypes.RegionNotFound, problem.RootElement.GetProperty("type").GetString());
        Assert.Equal("green", problem.RootElement.GetProperty("prompt").GetString());
        Assert.False(await blobs.ExistsAsync("mask.png"));
    }

    [Fact]
    public async Task Empty_prompt_is_400_naming_the_field()
    {
        var image = await blobs.PutImageAsync("source.png", TestScenes.Shapes());
        var response = await client.PostAsJsonAsync("/v1/segment", new SegmentWorkRequest(image, " ", blobs.Ref("mask.png")), WorkerJson.Options);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("prompt", problem.RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Foreground_writes_the_salient_mask()
    {
        var image = await blobs.PutImageAsync("source.png", TestScenes.Shapes());

        var response = await client.PostAsJsonAsync("/v1/foreground", new ForegroundWorkRequest(image, blobs.Ref("fg.png")), WorkerJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mask = await blobs.GetMaskAsync("fg.png");
        Assert.Equal(16 * 16 + 12 * 10, mask.Data.Count(v => v == 1f));
        Assert.Equal(0f, mask[0, 0]);
    }

    [Fact]
    public async Task Input_and_output_by_SAS_url_in_the_workers_account()
    {
        var image = await blobs.PutImageAsync("source.png", TestScenes.Shapes());
        var source = blobs.Container.GetBlobClient("source.png").GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddMinutes(5));
        var target = blobs.Container.GetBlobClient("by-url.png").GenerateSasUri(BlobSasPermissions.Write | BlobSasPermissions.Create, DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.NotNull(image);

        var response = await client.PostAsJsonAsync("/v1/segment", new SegmentWorkRequest(BlobReference.At(source), "red", BlobReference.At(target)), WorkerJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(16 * 16, (await blobs.GetMaskAsync("by-url.png")).Data.Count(v => v == 1f));
    }
}
