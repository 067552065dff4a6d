using System.Net;
using System.Net.Http.Json;
using Inpaint.GpuWorker.Tests.Hosting;
using Inpaint.Inference.Models;
using Inpaint.Inference.Tests.TinyModels;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Worker;
using Inpaint.Testing;

namespace Inpaint.GpuWorker.Tests.Api;

/// <summary>
/// The standalone worker with an MI-GAN-shaped model in its store: <c>/v1/info</c> says which fill engines are
/// installed and which one each kind of task gets; a diffuse request naming no model gets MI-GAN for an empty
/// prompt, and a prompt is refused (400 naming the pull command) because no generative engine is installed.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FillModelChoiceTests(AzuriteFixture azurite)
{
    private static Dictionary<string, string?> StoreWithMiGan()
    {
        var root = Directory.CreateTempSubdirectory("inpaint-worker-models-").FullName;
        var dir = Path.Combine(root, KnownModels.MiGan);
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "migan_pipeline_v2.onnx"), TinyFillModels.MiGanBytes());
        new ModelManifest
        {
            Name = KnownModels.MiGan,
            Family = ModelFamily.MiGan,
            Files = [new ModelFile { Path = "migan_pipeline_v2.onnx", Role = ModelRoles.Model }],
        }.Write(Path.Combine(dir, ModelManifest.FileName));
        return new() { ["Regions:ModelsDirectory"] = root };
    }

    [Fact]
    public async Task Info_lists_installed_fill_models_and_diffuse_without_a_model_chooses_per_prompt()
    {
        await using var host = new WorkerHost(azurite.ConnectionString, _ => { }, StoreWithMiGan(), productionEngines: true);
        var client = await host.ReadyKeyClientAsync();

        var info = await WorkerHost.ReadAsync<WorkerInfo>(await client.GetAsync("/v1/info"));
        Assert.Contains(info.Models, m => m is { Kind: "fill", Name: "migan", Model: KnownModels.MiGan, Purpose: GenerationPurpose.Removal });
        Assert.Equal(("migan", (string?)null, false), (info.Choice!.Removal, info.Choice.Generative, info.Choice.AcceptsPrompts));
        Assert.Contains("inpaint models pull flux2-klein-4b", info.Choice.PromptRefusal);

        var blobs = await TestBlobs.CreateAsync(azurite.ConnectionString);
        var image = await blobs.PutImageAsync("crop.png", TestScenes.Crop(32, 24));
        var mask = await blobs.PutMaskAsync("mask.png", TestScenes.CentreMask(32, 24));

        var removal = await client.PostAsJsonAsync("/v1/diffuse", new DiffuseWorkRequest(image, mask, "", 0.5, 1, [blobs.Ref("r-0.png")]), WorkerJson.Options);
        Assert.Equal(HttpStatusCode.OK, removal.StatusCode);
        var body = await WorkerHost.ReadAsync<DiffuseWorkResponse>(removal);
        Assert.Equal(("migan", KnownModels.MiGan, (string?)null), (body.Engine, body.Model, body.Warning));

        var prompted = await client.PostAsJsonAsync("/v1/diffuse", new DiffuseWorkRequest(image, mask, "a cat", 0.5, 1, [blobs.Ref("p-0.png")]), WorkerJson.Options);
        Assert.Equal(HttpStatusCode.BadRequest, prompted.StatusCode);
        Assert.Contains("inpaint models pull flux2-klein-4b", await prompted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_the_fallback_on_a_prompt_is_filled_by_removal_and_the_response_carries_the_warning()
    {
        var settings = StoreWithMiGan();
        settings["Generation:PromptFallback"] = "true";
        await using var host = new WorkerHost(azurite.ConnectionString, _ => { }, settings, productionEngines: true);
        var client = await host.ReadyKeyClientAsync();
        var blobs = await TestBlobs.CreateAsync(azurite.ConnectionString);
        var image = await blobs.PutImageAsync("crop.png", TestScenes.Crop(32, 24));
        var mask = await blobs.PutMaskAsync("mask.png", TestScenes.CentreMask(32, 24));

        var prompted = await client.PostAsJsonAsync("/v1/diffuse", new DiffuseWorkRequest(image, mask, "a cat", 0.5, 1, [blobs.Ref("p-0.png")]), WorkerJson.Options);
        Assert.Equal(HttpStatusCode.OK, prompted.StatusCode);
        var body = await WorkerHost.ReadAsync<DiffuseWorkResponse>(prompted);
        Assert.Equal("migan", body.Engine);
        Assert.Contains("prompt was ignored", body.Warning);
    }
}
