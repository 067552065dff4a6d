using System.Security.Cryptography;
using Inpaint.Inference.Models;
using Inpaint.Inference.Tests.TinyModels;

namespace Inpaint.Inference.Tests.Models;

public sealed class ModelStoreTests : IAsyncLifetime, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("inpaint-models-").FullName;
    private readonly HttpClient _http = new();
    private LoopbackModelServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackModelServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static byte[] Bytes(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static string Sha(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));

    private ModelManifest Serve(string name, params (string Path, byte[] Content, bool PinHash)[] files) => new()
    {
        Name = name,
        Family = ModelFamily.SalientObject,
        Source = _server.BaseUrl,
        Files = files.Select((f, i) => new ModelFile
        {
            Path = f.Path,
            Role = i == 0 ? ModelRoles.Model : ModelRoles.Config,
            Url = _server.Add($"{name}/{f.Path}", f.Content),
            Size = f.PinHash ? f.Content.Length : null,
            Sha256 = f.PinHash ? Sha(f.Content) : null,
        }).ToList(),
        Preprocessing = ImagePreprocessing.ImageNet(1024),
    };

    [Fact]
    public async Task Pull_downloads_checks_and_installs_with_a_manifest_written_last()
    {
        var model = Bytes(300_000, 1);
        var config = Bytes(500, 2);
        var manifest = Serve("tiny", ("onnx/model.onnx", model, true), ("config.json", config, false));
        var store = new ModelStore(_root);
        var reports = new List<ModelTransferProgress>();

        var installed = await store.PullAsync(manifest, _http, new SyncProgress<ModelTransferProgress>(reports.Add), CancellationToken.None);

        Assert.True(store.IsInstalled("tiny"));
        Assert.Equal(model, File.ReadAllBytes(store.PathOf(installed, ModelRoles.Model)));
        // The unpinned file's size and hash are recorded so that verify can check them later.
        var recorded = store.Find("tiny")!.File(ModelRoles.Config);
        Assert.Equal(Sha(config), recorded.Sha256);
        Assert.Equal(config.Length, recorded.Size);
        Assert.Empty(Directory.GetFiles(_root, "*.partial", SearchOption.AllDirectories));
        Assert.Contains(reports, r => r.File == "onnx/model.onnx" && r.Bytes == model.Length);
        Assert.True((await store.VerifyAsync("tiny", CancellationToken.None)).Ok);
    }

    [Fact]
    public async Task A_dropped_connection_resumes_with_a_range_request()
    {
        var model = Bytes(400_000, 3);
        var manifest = Serve("resume", ("model.onnx", model, true));
        _server.DropNextAfter("resume/model.onnx", 150_000);
        var store = new ModelStore(_root);

        await store.PullAsync(manifest, _http, null, CancellationToken.None);

        Assert.Equal(model, File.ReadAllBytes(Path.Combine(_root, "resume", "model.onnx")));
        var requests = _server.Requests.Where(r => r.Path == "resume/model.onnx").ToList();
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].Range);
        // Resumed exactly where the first response stopped.
        Assert.Matches(@"^bytes=\d+-$", requests[1].Range);
        Assert.NotEqual("bytes=0-", requests[1].Range);
    }

    [Fact]
    public async Task A_partial_file_left_by_a_crash_is_resumed_on_the_next_pull()
    {
        var model = Bytes(200_000, 4);
        var manifest = Serve("crash", ("model.onnx", model, true));
        Directory.CreateDirectory(Path.Combine(_root, "crash"));
        File.WriteAllBytes(Path.Combine(_root, "crash", "model.onnx.partial"), model[..120_000]);

        await new ModelStore(_root).PullAsync(manifest, _http, null, CancellationToken.None);

        Assert.Equal("bytes=120000-", Assert.Single(_server.Requests).Range);
        Assert.Equal(model, File.ReadAllBytes(Path.Combine(_root, "crash", "model.onnx")));
    }

    [Fact]
    public async Task A_server_that_ignores_range_restarts_the_file_instead_of_appending()
    {
        var model = Bytes(100_000, 5);
        var manifest = Serve("norange", ("model.onnx", model, true));
        Directory.CreateDirectory(Path.Combine(_root, "norange"));
        File.WriteAllBytes(Path.Combine(_root, "norange", "model.onnx.partial"), model[..40_000]);
        _server.IgnoreRange = true;

        await new ModelStore(_root).PullAsync(manifest, _http, null, CancellationToken.None);

        Assert.Equal(model, File.ReadAllBytes(Path.Combine(_root, "norange", "model.onnx")));
    }

    [Fact]
    public async Task A_corrupted_download_is_refused_deleted_and_not_installed()
    {
        var good = Bytes(50_000, 6);
        var manifest = Serve("corrupt", ("model.onnx", good, true));
        var corrupted = (byte[])good.Clone();
        corrupted[12_345] ^= 0xFF;
        _server.Add("corrupt/model.onnx", corrupted);
        var store = new ModelStore(_root);

        var ex = await Assert.ThrowsAsync<ModelIntegrityException>(() => store.PullAsync(manifest, _http, null, CancellationToken.None));

        Assert.Contains("SHA-256", ex.Message);
        Assert.False(store.IsInstalled("corrupt"));
        Assert.False(File.Exists(Path.Combine(_root, "corrupt", "model.onnx")));
        Assert.False(File.Exists(Path.Combine(_root, "corrupt", "model.onnx.partial")));
    }

    [Fact]
    public async Task Verify_finds_a_file_changed_after_install()
    {
        var model = Bytes(10_000, 7);
        var store = new ModelStore(_root);
        await store.PullAsync(Serve("tamper", ("model.onnx", model, true)), _http, null, CancellationToken.None);
        var path = Path.Combine(_root, "tamper", "model.onnx");
        var bytes = File.ReadAllBytes(path);
        bytes[0] ^= 1;
        File.WriteAllBytes(path, bytes);

        var result = await store.VerifyAsync("tamper", CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Contains("model.onnx: SHA-256", Assert.Single(result.Problems));
    }

    [Fact]
    public async Task Import_copies_a_folder_with_its_manifest_and_refuses_a_wrong_hash()
    {
        var source = Directory.CreateTempSubdirectory("inpaint-import-").FullName;
        try
        {
            var model = Bytes(1_000, 8);
            File.WriteAllBytes(Path.Combine(source, "model.onnx"), model);
            var manifest = new ModelManifest
            {
                Name = "imported",
                Family = ModelFamily.ClipSeg,
                Files = [new ModelFile { Path = "model.onnx", Role = ModelRoles.Model, Sha256 = Sha(model) }],
            };
            manifest.Write(Path.Combine(source, ModelManifest.FileName));
            var store = new ModelStore(_root);

            await store.ImportAsync(source, null, null, CancellationToken.None);
            Assert.True(store.IsInstalled("imported"));
            Assert.Equal(model.Length, store.Find("imported")!.File(ModelRoles.Model).Size);

            (manifest with { Name = "imported-bad", Files = [manifest.Files[0] with { Sha256 = new string('0', 64) }] })
                .Write(Path.Combine(source, ModelManifest.FileName));
            await Assert.ThrowsAsync<ModelIntegrityException>(() => store.ImportAsync(source, null, null, CancellationToken.None));
            Assert.False(store.IsInstalled("imported-bad"));
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [Fact]
    public async Task Import_of_a_symbolic_link_records_the_target_size_and_hash_and_the_model_is_usable()
    {
        var source = Directory.CreateTempSubdirectory("inpaint-import-link-").FullName;
        var elsewhere = Directory.CreateTempSubdirectory("inpaint-import-target-").FullName;
        try
        {
            var model = Bytes(5_000, 9);
            var target = Path.Combine(elsewhere, "weights-with-a-long-name-so-the-link-is-not-tiny.onnx");
            File.WriteAllBytes(target, model);
            File.CreateSymbolicLink(Path.Combine(source, "model.onnx"), target);
            Assert.NotEqual(model.Length, new FileInfo(Path.Combine(source, "model.onnx")).Length); // the link's own size
            new ModelManifest
            {
                Name = "linked",
                Family = ModelFamily.ClipSeg,
                Files = [new ModelFile { Path = "model.onnx", Role = ModelRoles.Model }],
            }.Write(Path.Combine(source, ModelManifest.FileName));
            var store = new ModelStore(_root);

            var installed = await store.ImportAsync(source, null, null, CancellationToken.None);

            Assert.Equal(model.Length, installed.File(ModelRoles.Model).Size);
            Assert.Equal(Sha(model), installed.File(ModelRoles.Model).Sha256);
            Assert.True(store.IsInstalled("linked"), "the imported model should be complete");
            Assert.Equal(model, File.ReadAllBytes(store.PathOf(installed, ModelRoles.Model)));
        }
        finally
        {
            Directory.Delete(source, recursive: true);
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public void Require_names_the_missing_model_and_how_to_install_it()
    {
        var ex = Assert.Throws<ModelMissingException>(() => new ModelStore(_root).Require(KnownModels.ClipSeg));

        Assert.Equal(KnownModels.ClipSeg, ex.Model);
        Assert.Contains("inpaint models pull clipseg-rd64-refined", ex.Message);
    }

    [Fact]
    public void Manifests_round_trip_their_preprocessing_facts()
    {
        var isnet = KnownModels.Find(KnownModels.IsNet)!;
        var path = Path.Combine(_root, "m.json");

        isnet.Write(path);
        var back = ModelManifest.Read(path);

        Assert.Equal(PixelScale.DivideMax, back.Preprocessing!.Scale);
        Assert.Equal([1f, 1f, 1f], back.Preprocessing.Std);
        Assert.True(back.Preprocessing.SigmoidInGraph);
        Assert.Equal(ModelFamily.SalientObject, back.Family);
        Assert.Contains("\"divideMax\"", File.ReadAllText(path), StringComparison.OrdinalIgnoreCase);
    }
}
