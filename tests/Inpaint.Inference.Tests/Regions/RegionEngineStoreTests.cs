using Inpaint.Inference.Models;
using Inpaint.Inference.Regions;
using Inpaint.Inference.Tests.TinyModels;
using Inpaint.Shared.Regions;
using Inpaint.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Tests.Regions;

public sealed class RegionEngineStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("inpaint-region-store-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<ModelStore> StoreWithTinyModels(string? storeRoot = null)
    {
        var source = Path.Combine(_root, "download");
        Directory.CreateDirectory(Path.Combine(source, "onnx"));
        var tokenizer = TinyTokenizers.Clip("red", "blue");
        File.WriteAllBytes(Path.Combine(source, "tokenizer.json"), tokenizer);
        File.WriteAllBytes(Path.Combine(source, "onnx", "model.onnx"), TinyRegionModels.ClipSeg(new Dictionary<int, (float, float, float)>
        {
            [TinyTokenizers.ClipId(tokenizer, "red</w>")] = (1, 0, 0),
        }));
        File.WriteAllBytes(Path.Combine(source, "preprocessor_config.json"), "{}"u8.ToArray());
        var store = new ModelStore(storeRoot ?? Path.Combine(_root, "models"));
        // The public export's manifest (names, roles, preprocessing), filled with our tiny files.
        await store.ImportAsync(source, KnownModels.Find(KnownModels.ClipSeg), null, CancellationToken.None);
        return store;
    }

    [Fact]
    public async Task Loads_models_from_the_store_on_first_use_and_reports_the_provider()
    {
        var store = await StoreWithTinyModels();
        using var engine = new RegionEngine(store, new RegionEngineOptions { ClipSegThreshold = 0.5f });
        using var image = TestImages.WithRects(120, 80, new Rgba32(90, 90, 90), (new Rectangle(10, 10, 50, 30), new Rgba32(240, 10, 10)));
        Assert.Empty(engine.Providers);

        var mask = await engine.SegmentAsync(image, "red", CancellationToken.None);

        Assert.True(TestImages.IoU(mask, new Rectangle(10, 10, 50, 30)) > 0.9);
        Assert.Equal("CPU", engine.Providers[KnownModels.ClipSeg]);
    }

    [Fact]
    public async Task Warm_up_loads_and_runs_the_models_once()
    {
        var store = await StoreWithTinyModels();
        using var engine = new RegionEngine(store, new RegionEngineOptions());

        await engine.WarmUpAsync(RegionKind.Text, CancellationToken.None);

        Assert.Contains(KnownModels.ClipSeg, engine.Providers.Keys);
    }

    [Fact]
    public async Task A_missing_model_is_named_with_how_to_install_it()
    {
        var store = await StoreWithTinyModels();
        var options = new RegionEngineOptions();
        using var engine = new RegionEngine(store, options);
        using var image = new Image<Rgba32>(32, 32);

        var ex = await Assert.ThrowsAsync<ModelMissingException>(() => engine.ForegroundAsync(image, CancellationToken.None));

        Assert.Equal(KnownModels.IsNet, ex.Model);
        Assert.Contains("inpaint models pull isnet-general-use", ex.Message);
    }

    [Fact]
    public async Task A_model_installed_after_a_failed_request_is_used_by_the_next()
    {
        var root = Path.Combine(_root, "late");
        using var engine = new RegionEngine(new ModelStore(root), new RegionEngineOptions { ClipSegThreshold = 0.5f });
        using var image = TestImages.WithRects(60, 40, new Rgba32(90, 90, 90), (new Rectangle(0, 0, 30, 20), new Rgba32(240, 10, 10)));
        await Assert.ThrowsAsync<ModelMissingException>(() => engine.SegmentAsync(image, "red", CancellationToken.None));

        await StoreWithTinyModels(root);

        Assert.True((await engine.SegmentAsync(image, "red", CancellationToken.None)).Any(0.5f));
    }

    [Fact]
    public async Task Create_time_check_names_the_models_a_request_needs()
    {
        var store = await StoreWithTinyModels();
        var clipSeg = new RegionEngineOptions();
        var precise = new RegionEngineOptions { TextMethod = TextRegionMethod.GroundingDinoSam2, SalientModel = KnownModels.BiRefNet };

        clipSeg.EnsureInstalled(store, RegionKind.Text);
        Assert.Equal([KnownModels.GroundingDino, KnownModels.Sam2], precise.ModelsFor(RegionKind.Text));
        Assert.Equal(KnownModels.GroundingDino, Assert.Throws<ModelMissingException>(() => precise.EnsureInstalled(store, RegionKind.Text)).Model);
        Assert.Equal(KnownModels.BiRefNet, Assert.Throws<ModelMissingException>(() => precise.EnsureInstalled(store, RegionKind.Foreground)).Model);
    }

    [Fact]
    public async Task Services_bind_the_regions_section_and_share_one_engine_and_store()
    {
        var store = await StoreWithTinyModels();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Regions:ModelsDirectory"] = store.Root,
            ["Regions:TextMethod"] = "GroundingDinoSam2",
            ["Regions:SalientModel"] = "birefnet",
            ["Regions:UseCuda"] = "true",
        }).Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddRegionSelection()
            .BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<RegionEngineOptions>>().Value;
        Assert.Equal(TextRegionMethod.GroundingDinoSam2, options.TextMethod);
        Assert.Equal(KnownModels.BiRefNet, options.SalientModel);
        Assert.True(options.UseCuda);
        Assert.Same(provider.GetRequiredService<RegionEngine>(), provider.GetRequiredService<IRegionEngine>());
        var catalog = provider.GetRequiredService<IModelCatalog>();
        Assert.True(catalog.IsInstalled(KnownModels.ClipSeg));
        Assert.Equal(KnownModels.GroundingDino, Assert.Throws<ModelMissingException>(() => options.EnsureInstalled(catalog, RegionKind.Text)).Model);
    }
}
