using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inpaint.GpuWorker.Tests.Engines;
using Inpaint.GpuWorker.Tests.Hosting;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Worker;
using Microsoft.Extensions.DependencyInjection;

using Inpaint.Testing;

namespace Inpaint.GpuWorker.Tests.Api;

[Collection(AzuriteCollection.Name)]
public sealed class DiffuseEndpointTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly SeededFill seeded = new("seeded");
    private WorkerHost host = null!;
    private HttpClient client = null!;
    private TestBlobs blobs = null!;

    public async Task InitializeAsync()
    {
        host = new WorkerHost(azurite.ConnectionString, services =>
        {
            services.AddSingleton<IGenerationEngine>(seeded);
            services.AddSingleton<IGenerationEngine>(new SeededFill("alternative"));
        }, new Dictionary<string, string?> { ["Worker:BatchWindow"] = "00:00:00" });
        client = await host.ReadyKeyClientAsync();
        blobs = await TestBlobs.CreateAsync(azurite.ConnectionString);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task One_sample_is_written_and_equals_the_engine_run_in_process()
    {
        using var crop = TestScenes.Crop(32, 24);
        var mask = TestScenes.CentreMask(32, 24);
        var request = new DiffuseWorkRequest(
            await blobs.PutImageAsync("crop.png", crop), await blobs.PutMaskAsync("mask.png", mask),
            "a cat", 0.3, 1234, [blobs.Ref("sample-0.png")]);

        var response = await client.PostAsJsonAsync("/v1/diffuse", request, WorkerJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await WorkerHost.ReadAsync<DiffuseWorkResponse>(response);
        Assert.Equal(("seeded", "seeded-v1"), (body.Engine, body.Model));
        Assert.Equal([blobs.Ref("sample-0.png")], body.Outputs);
        using var sample = await blobs.GetImageAsync("sample-0.png");
        using var expected = await new SeededFill().GenerateAsync(new GenerationRequest(crop, mask, "a cat", 0.3, 1234), null, default);
        Assert.Equal(0, TestImages.CountDifferent(expected, sample));
        Assert.True(TestImages.CountDifferent(crop, sample) > 0);
    }

    [Fact]
    public async Task A_request_for_n_samples_equals_n_requests_with_consecutive_seeds()
    {
        var image = await blobs.PutImageAsync("crop.png", TestScenes.Crop(32, 24));
        var mask = await blobs.PutMaskAsync("mask.png", TestScenes.CentreMask(32, 24));

        var batch = await client.PostAsJsonAsync("/v1/diffuse",
            new DiffuseWorkRequest(image, mask, "sky", 0.5, 40, [blobs.Ref("b-0.png"), blobs.Ref("b-1.png"), blobs.Ref("b-2.png")]), WorkerJson.Options);
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        for (var i = 0; i < 3; i++)
        {
            var single = await client.PostAsJsonAsync("/v1/diffuse",
                new DiffuseWorkRequest(image, mask, "sky", 0.5, 40 + i, [blobs.Ref($"s-{i}.png")]), WorkerJson.Options);
            Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        }

        for (var i = 0; i < 3; i++)
        {
            using var fromBatch = await blobs.GetImageAsync($"b-{i}.png");
            using var alone = await blobs.GetImageAsync($"s-{i}.png");
            Assert.Equal(0, TestImages.CountDifferent(alone, fromBatch));
        }

        using var first = await blobs.GetImageAsync("b-0.png");
        using var second = await blobs.GetImageAsync("b-1.png");
        Assert.True(TestImages.CountDifferent(first, second) > 0, "different seeds must give different samples");
    }

    [Fact]
    public async Task Model_selects_the_engine_and_an_unknown_model_is_400_naming_it()
    {
        var image = await blobs.PutImageAsync("crop.png", TestScenes.Crop(16, 16));
        var mask = await blobs.PutMaskAsync("mask.png", TestScenes.CentreMask(16, 16));

        var chosen = await client.PostAsJsonAsync("/v1/diffuse", new DiffuseWorkRequest(image, mask, "", 0, 1, [blobs.Ref("o.png")], "alternative"), WorkerJson.Options);
        Assert.Equal("alternative", (await WorkerHost.ReadAsync<DiffuseWorkResponse>(chosen)).Engine);

        var missing = await client.PostAsJsonAsync("/v1/diffuse", new DiffuseWorkRequest(image, mask, "", 0, 1, [blobs.Ref("o.png")], "flux-fill"), WorkerJson.Options);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        using var problem = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
        Assert.Equal(WorkerProblemTypes.ModelMissing, problem.RootElement.GetProperty("type").GetString());
        Assert.Equal("flux-fill", problem.RootElement.GetProperty("model").GetString());
        Assert.Contains("flux-fill", problem.RootElement.GetProperty("detail").GetString());
    }
}
