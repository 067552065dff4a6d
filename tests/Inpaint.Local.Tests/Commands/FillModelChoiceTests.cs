using System.Text.Json;
using System.Text.Json.Nodes;
using Inpaint.Inference.Models;
using Inpaint.Local.Commands;
using Inpaint.Local.Hosting;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Local.Tests.Web;
using Inpaint.Testing;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;
using static Inpaint.Inference.Tests.TinyModels.TinyGraph;

namespace Inpaint.Local.Tests.Commands;

/// <summary>
/// The issue's "done when", as a user runs it: <c>inpaint models import</c> of an MI-GAN-shaped graph, then
/// <c>inpaint replace photo.png --mask m.png --prompt ""</c> uses MI-GAN with no other setting; a prompt with no
/// generative engine installed completes with a warning (the local stack's default fallback) or, with the
/// fallback off, is refused at creation with 400 naming the pull command.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FillModelChoiceTests(AzuriteFixture azurite) : IDisposable
{
    const int Width = 160;
    const int Height = 120;

    readonly string workDirectory = AzuriteFixture.NewDataDirectory();

    string Models => Path.Combine(this.workDirectory, "models");

    [Fact]
    public async Task Models_import_of_migan_then_an_empty_prompt_uses_migan_and_a_prompt_warns()
    {
        await this.ImportMiGanAsync();
        var list = await ClientCommandsTests.RunRaw("models", "list", "--dir", this.Models);
        Assert.Matches(@"migan\s+MiGan\s+installed", list.Output);
        Assert.Contains("for:     removal (empty prompt)", list.Output); // from the catalog: the import's manifest has none
        Assert.Contains("licence: MIT", list.Output);
        Assert.Matches(@"flux2-klein-4b\s+Flux2Klein\s+available", list.Output);

        await using var stack = await this.StartAsync();
        string key = await TestStacks.NewUserKeyAsync(stack);
        var (photo, mask) = this.WriteInputs();

        var removed = await Replace(stack, key, photo, mask, "");
        Assert.Equal("completed", removed["status"]!.GetValue<string>());
        var sample = removed["result"]![0]!;
        Assert.Equal("migan", sample["engine"]!.GetValue<string>());
        Assert.Equal(KnownModels.MiGan, sample["model"]!.GetValue<string>());
        Assert.Null(sample["warning"]);
        Assert.Null(removed["warnings"]);

        var prompted = await Replace(stack, key, photo, mask, "a sombrero");
        Assert.Equal("completed", prompted["status"]!.GetValue<string>());
        Assert.Equal("migan", prompted["result"]![0]!["engine"]!.GetValue<string>());
        var warning = prompted["result"]![0]!["warning"]!.GetValue<string>();
        Assert.Contains("prompt was ignored", warning);
        Assert.Contains("inpaint models pull flux2-klein-4b", warning);
        Assert.Equal(warning, prompted["warnings"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task With_the_fallback_off_a_prompt_is_refused_at_creation_naming_the_pull_command()
    {
        await using var stack = await this.StartAsync(("Generation:PromptFallback", "false"));
        string key = await TestStacks.NewUserKeyAsync(stack);
        var (photo, mask) = this.WriteInputs();

        var refused = await ClientCommandsTests.RunRaw("replace", photo, "--mask", mask, "--prompt", "a sombrero", "--out", Path.Combine(this.workDirectory, "out-refused"), "--url", stack.BaseAddress.ToString(), "--key", key);
        Assert.Equal(ExitCodes.Refused, refused.Exit);
        Assert.Contains("400", refused.Error);
        Assert.Contains("inpaint models pull flux2-klein-4b", refused.Error);

        // An empty prompt still works with no model at all: PatchMatch, and the result and the command say so.
        var removed = await Replace(stack, key, photo, mask, "");
        Assert.Equal("patchmatch", removed["result"]![0]!["engine"]!.GetValue<string>());
        var told = await ClientCommandsTests.RunRaw("replace", photo, "--mask", mask, "--out", Path.Combine(this.workDirectory, "out-told"), "--url", stack.BaseAddress.ToString(), "--key", key);
        Assert.Equal(ExitCodes.Ok, told.Exit);
        Assert.Contains("Engine: patchmatch (model patchmatch)", told.Output);
    }

    public void Dispose() => AzuriteFixture.DeleteDirectory(this.workDirectory);

    /// <summary><c>inpaint models import DIR</c> of a folder with a manifest and a graph with MI-GAN's contract.</summary>
    async Task ImportMiGanAsync()
    {
        string source = Path.Combine(this.workDirectory, "migan-export");
        Directory.CreateDirectory(source);
        var graph = new Inpaint.Inference.Tests.TinyModels.TinyGraph("migan_pipeline")
            .Input("image", U8, "batch_size", 3, "height", "width")
            .Input("mask", U8, "batch_size", 1, "height", "width")
            .Output("result", U8, "batch_size", 3, "height", "width")
            .Constant("c255", [255f], 1).Constant("one", [1f], 1).Constant("fill", [64f], 1)
            .Node("Cast", ["image"], ["img"], ("to", (int)F32))
            .Node("Cast", ["mask"], ["m255"], ("to", (int)F32))
            .Node("Div", ["m255", "c255"], ["keep"])
            .Node("Sub", ["one", "keep"], ["hole"])
            .Node("Mul", ["img", "keep"], ["kept"])
            .Node("Mul", ["hole", "fill"], ["painted"])
            .Node("Add", ["kept", "painted"], ["composite"])
            .Node("Cast", ["composite"], ["result"], ("to", (int)U8));
        graph.Save(Path.Combine(source, "migan_pipeline_v2.onnx"));
        new ModelManifest
        {
            Name = KnownModels.MiGan,
            Family = ModelFamily.MiGan,
            Files = [new ModelFile { Path = "migan_pipeline_v2.onnx", Role = ModelRoles.Model }],
        }.Write(Path.Combine(source, ModelManifest.FileName));

        var imported = await ClientCommandsTests.RunRaw("models", "import", source, "--dir", this.Models);
        Assert.Equal(0, imported.Exit);
    }

    async Task<LocalStack> StartAsync(params (string Key, string Value)[] settings)
    {
        var options = new LocalStackOptions { DataDirectory = this.workDirectory, MinimumLogLevel = LogLevel.Warning };
        options.Settings["Storage:ConnectionString"] = azurite.ConnectionString;
        options.Settings["DurableTask:HubName"] = TestStacks.HubName(this.workDirectory);
        options.Settings["Regions:ModelsDirectory"] = this.Models;
        foreach (var (k, v) in settings) options.Settings[k] = v;
        return await LocalStack.StartAsync(options);
    }

    async Task<JsonNode> Replace(LocalStack stack, string key, string photo, string mask, string prompt)
    {
        var run = await ClientCommandsTests.RunRaw("replace", photo, "--mask", mask, "--prompt", prompt, "--resolution", "512", "--seed", "3",
            "--out", Path.Combine(this.workDirectory, "out-" + Guid.NewGuid().ToString("n")[..8]), "--json", "--url", stack.BaseAddress.ToString(), "--key", key);
        Assert.True(run.Exit == ExitCodes.Ok, run.Error);
        return JsonNode.Parse(run.Output)!["task"]!;
    }

    (string Photo, string Mask) WriteInputs()
    {
        Directory.CreateDirectory(this.workDirectory);
        string photoPath = Path.Combine(this.workDirectory, "photo.png");
        string maskPath = Path.Combine(this.workDirectory, "photo-mask.png");
        using (var photo = TestImages.Photo(Width, Height)) photo.SaveAsPng(photoPath);
        using (var m = TestImages.RectangleMask(Width, Height, new Rectangle(64, 40, 32, 32))) m.SaveAsPng(maskPath);
        return (photoPath, maskPath);
    }
}
