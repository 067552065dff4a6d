using System.Security.Cryptography;
using Inpaint.Inference.Models;
using Inpaint.Inference.Tests.TinyModels;
using Inpaint.Local.Commands;

namespace Inpaint.Local.Tests.Commands;

public sealed class ModelsCommandTests : IAsyncLifetime, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("inpaint-cli-models-").FullName;
    private LoopbackModelServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackModelServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Catalog(byte[] model, string? sha = null)
    {
        var manifest = new ModelManifest
        {
            Name = "tiny-isnet",
            Family = ModelFamily.SalientObject,
            Files =
            [
                new ModelFile
                {
                    Path = "onnx/model.onnx",
                    Role = ModelRoles.Model,
                    Url = _server.Add("tiny-isnet/onnx/model.onnx", model),
                    Size = model.Length,
                    Sha256 = sha ?? Convert.ToHexStringLower(SHA256.HashData(model)),
                },
            ],
            Preprocessing = ImagePreprocessing.ImageNet(1024),
        };
        var path = Path.Combine(_root, "catalog.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new[] { manifest }, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
        return path;
    }

    private static async Task<(int Code, string Output)> Run(params string[] args)
    {
        var output = new StringWriter();
        var code = await ModelsCommand.RunAsync(args, output, CancellationToken.None);
        return (code, output.ToString());
    }

    [Fact]
    public async Task Pull_then_list_then_verify()
    {
        var model = RandomNumberGenerator.GetBytes(250_000);
        var catalog = Catalog(model);
        var dir = Path.Combine(_root, "models");
        _server.DropNextAfter("tiny-isnet/onnx/model.onnx", 100_000);

        var pull = await Run("pull", "tiny-isnet", "--dir", dir, "--catalog", catalog);
        Assert.Equal(0, pull.Code);
        Assert.Contains("(100%)", pull.Output);
        Assert.Contains("SHA-256 verified", pull.Output);

        var list = await Run("list", "--dir", dir, "--catalog", catalog);
        Assert.Matches(@"tiny-isnet\s+SalientObject\s+installed", list.Output);
        Assert.Matches(@"clipseg-rd64-refined\s+ClipSeg\s+available", list.Output);

        var verify = await Run("verify", "--dir", dir);
        Assert.Equal(0, verify.Code);
        Assert.Contains("ok      tiny-isnet", verify.Output);

        File.WriteAllBytes(Path.Combine(dir, "tiny-isnet", "onnx", "model.onnx"), new byte[model.Length]);
        verify = await Run("verify", "tiny-isnet", "--dir", dir);
        Assert.Equal(1, verify.Code);
        Assert.Contains("FAILED  tiny-isnet", verify.Output);
    }

    [Fact]
    public async Task A_corrupt_download_fails_with_exit_code_1_and_installs_nothing()
    {
        var catalog = Catalog(RandomNumberGenerator.GetBytes(10_000), sha: new string('a', 64));
        var dir = Path.Combine(_root, "models");

        var pull = await Run("pull", "tiny-isnet", "--dir", dir, "--catalog", catalog);

        Assert.Equal(1, pull.Code);
        Assert.Contains("error: model 'tiny-isnet', file 'onnx/model.onnx': SHA-256", pull.Output);
        Assert.False(new ModelStore(dir).IsInstalled("tiny-isnet"));
    }

    [Fact]
    public async Task Import_of_a_bare_folder_uses_the_catalog_entry_named()
    {
        var model = RandomNumberGenerator.GetBytes(5_000);
        var catalog = Catalog(model);
        var source = Path.Combine(_root, "download");
        Directory.CreateDirectory(Path.Combine(source, "onnx"));
        File.WriteAllBytes(Path.Combine(source, "onnx", "model.onnx"), model);
        var dir = Path.Combine(_root, "models");

        var import = await Run("import", source, "--name", "tiny-isnet", "--dir", dir, "--catalog", catalog);

        Assert.Equal(0, import.Code);
        Assert.True(new ModelStore(dir).IsInstalled("tiny-isnet"));
    }

    [Fact]
    public async Task Unknown_verbs_print_usage_with_exit_code_2()
    {
        var result = await Run("fetch", "x");

        Assert.Equal(2, result.Code);
        Assert.Contains("usage: inpaint models", result.Output);
    }
}
