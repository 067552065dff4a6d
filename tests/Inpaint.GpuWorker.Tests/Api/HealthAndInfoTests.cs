using System.Net;
using System.Net.Http.Json;
using Inpaint.GpuWorker.Tests.Engines;
using Inpaint.GpuWorker.Tests.Hosting;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Worker;
using Microsoft.Extensions.DependencyInjection;

using Inpaint.Testing;

namespace Inpaint.GpuWorker.Tests.Api;

[Collection(AzuriteCollection.Name)]
public sealed class HealthAndInfoTests(AzuriteFixture azurite)
{
    private WorkerHost Host(bool withEngines = true) => new(azurite.ConnectionString, services =>
    {
        if (!withEngines) return;
        services.AddSingleton<IGenerationEngine>(new SeededFill("seeded"));
        services.AddSingleton<IGenerationEngine>(new SeededFill("other"));
        services.AddSingleton<IRegionEngine, ColourRegions>();
    });

    [Fact]
    public async Task Healthz_answers_alive_without_credentials()
    {
        await using var host = Host();
        var response = await host.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("alive", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_answers_200_once_engines_are_resolved()
    {
        await using var host = Host();
        var client = await host.ReadyKeyClientAsync();
        var anonymous = await host.CreateClient().GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.NotNull(client);
    }

    [Fact]
    public async Task Readyz_answers_503_when_no_engine_is_registered()
    {
        await using var host = Host(withEngines: false);
        var client = host.CreateClient();
        await Task.Delay(300); // warm-up has run by now; it must not flip to ready
        var response = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Info_lists_models_provider_and_capacity()
    {
        await using var host = new WorkerHost(azurite.ConnectionString, services =>
        {
            services.AddSingleton<IGenerationEngine>(new SeededFill("seeded"));
            services.AddSingleton<IRegionEngine, ColourRegions>();
        }, new Dictionary<string, string?> { ["Worker:QueueLimitPerGpu"] = "7", ["Worker:MaxSamplesPerRequest"] = "4", ["Worker:MaxBatchSize"] = "3", ["Worker:BatchWindow"] = "00:00:00.040" });
        var client = await host.ReadyKeyClientAsync();

        var response = await client.GetAsync("/v1/info");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var info = await WorkerHost.ReadAsync<WorkerInfo>(response);
        Assert.Equal("CPU", info.ExecutionProvider); // no GPU on the test machines: the CUDA probe must not claim one
        Assert.Contains(info.Models, m => m is { Kind: "fill", Name: "seeded", Model: "seeded-v1" });
        Assert.Contains(info.Models, m => m is { Kind: "region", Name: nameof(ColourRegions) });
        Assert.Equal(new WorkerCapacityInfo(1, 7, 3, 40, 0), info.Capacity);
        Assert.False(string.IsNullOrEmpty(info.Version));
    }

    [Fact]
    public async Task The_standalone_composition_hosts_the_configured_generation_engine_harmonic_and_regions()
    {
        await using var host = new WorkerHost(azurite.ConnectionString, _ => { }, EmptyModelFolder(), productionEngines: true);
        var client = await host.ReadyKeyClientAsync();

        var info = await WorkerHost.ReadAsync<WorkerInfo>(await client.GetAsync("/v1/info"));

        Assert.Equal("patchmatch", info.Models.First(m => m.Kind == "fill").Name); // the default for calls naming no model
        Assert.Contains(info.Models, m => m is { Kind: "fill", Name: "harmonic" });
        Assert.Contains(info.Models, m => m is { Kind: "region", Name: "RegionEngine" });
    }

    [Fact]
    public async Task A_region_model_that_is_not_installed_is_400_naming_it()
    {
        await using var host = new WorkerHost(azurite.ConnectionString, _ => { }, EmptyModelFolder(), productionEngines: true);
        var client = await host.ReadyKeyClientAsync();
        var blobs = await TestBlobs.CreateAsync(azurite.ConnectionString);
        var image = await blobs.PutImageAsync("source.png", TestScenes.Shapes());

        var response = await client.PostAsJsonAsync("/v1/foreground", new ForegroundWorkRequest(image, blobs.Ref("fg.png")), WorkerJson.Options);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(WorkerProblemTypes.ModelMissing, problem.RootElement.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("model").GetString()));
    }

    private static Dictionary<string, string?> EmptyModelFolder() => new()
    {
        ["Regions:ModelsDirectory"] = Directory.CreateTempSubdirectory("inpaint-worker-models-").FullName,
    };
}
