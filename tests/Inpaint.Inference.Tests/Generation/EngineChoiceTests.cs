using Inpaint.Inference.Generation;
using Inpaint.Inference.Models;
using Inpaint.Inference.Tests.TinyModels;
using Inpaint.Shared.Generation;

namespace Inpaint.Inference.Tests.Generation;

/// <summary>The best installed engine per task, over a real model store filled by <c>models import</c>.</summary>
public sealed class EngineChoiceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("inpaint-models-").FullName;
    private readonly ModelStore _store;
    private readonly InstalledGenerationEngines _installed;

    public EngineChoiceTests()
    {
        _store = new ModelStore(_root);
        _installed = new InstalledGenerationEngines(_store, new GenerationEngineOptions());
    }

    public void Dispose()
    {
        _installed.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Imports a tiny MI-GAN-shaped graph under the catalog's name, as <c>inpaint models import DIR --name migan</c> does.</summary>
    private async Task ImportMiGanAsync()
    {
        var source = Directory.CreateTempSubdirectory("inpaint-import-").FullName;
        try
        {
            var manifest = KnownModels.Find(KnownModels.MiGan)!;
            var file = manifest.File(ModelRoles.Model);
            await File.WriteAllBytesAsync(Path.Combine(source, file.Path), TinyFillModels.MiGanBytes());
            // The catalog pins the real export's size and hash; the tiny graph is imported with them cleared.
            await _store.ImportAsync(source, manifest with { Files = [file with { Size = null, Sha256 = null }] }, null, CancellationToken.None);
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [Fact]
    public async Task An_empty_prompt_gets_patchmatch_until_migan_is_installed_then_migan()
    {
        var chooser = new InstalledEngineChooser(_installed, new PatchMatchFill(), promptFallback: false);
        Assert.Equal("patchmatch", chooser.Choose("").Engine.Name);

        await ImportMiGanAsync();

        var choice = chooser.Choose("  ");
        Assert.Equal("migan", choice.Engine.Name);
        Assert.Equal(KnownModels.MiGan, choice.Engine.Model);
        Assert.Null(choice.Warning);
        Assert.Null(chooser.Refusal(""));
    }

    [Fact]
    public async Task A_prompt_without_a_generative_engine_is_refused_naming_the_pull_command()
    {
        await ImportMiGanAsync();
        var chooser = new InstalledEngineChooser(_installed, new PatchMatchFill(), promptFallback: false);
        var refusal = chooser.Refusal("a sombrero");
        Assert.NotNull(refusal);
        Assert.Contains("inpaint models pull flux2-klein-4b", refusal);
        Assert.Throws<InvalidOperationException>(() => chooser.Choose("a sombrero"));
    }

    [Fact]
    public async Task With_the_fallback_a_prompt_is_filled_by_the_removal_engine_with_a_warning()
    {
        await ImportMiGanAsync();
        var chooser = new InstalledEngineChooser(_installed, new PatchMatchFill(), promptFallback: true);
        Assert.Null(chooser.Refusal("a sombrero"));
        var choice = chooser.Choose("a sombrero");
        Assert.Equal("migan", choice.Engine.Name);
        Assert.NotNull(choice.Warning);
        Assert.Contains("prompt was ignored", choice.Warning);
        Assert.Contains("inpaint models pull", choice.Warning);
    }

    [Fact]
    public void An_explicitly_configured_removal_engine_is_kept_and_a_hosts_own_engine_serves_every_task()
    {
        var harmonic = new InstalledEngineChooser(_installed, new HarmonicFill(), promptFallback: false);
        Assert.Equal("harmonic", harmonic.Choose("").Engine.Name);
        Assert.Equal(GenerationPurpose.Removal, InstalledEngineChooser.PurposeOf(new HarmonicFill()));
        Assert.Null(InstalledEngineChooser.PurposeOf(new SingleNameEngine("custom")));
        var custom = new InstalledEngineChooser(_installed, new SingleNameEngine("custom"), promptFallback: false);
        Assert.Equal("custom", custom.Choose("a hat").Engine.Name);
        Assert.Null(custom.Refusal("a hat"));
    }

    [Fact]
    public async Task The_order_comes_from_configuration_and_models_of_another_family_are_skipped()
    {
        await ImportMiGanAsync();
        using var lamaFirst = new InstalledGenerationEngines(_store, new GenerationEngineOptions { RemovalModels = "lama, migan" });
        Assert.Equal([KnownModels.MiGan], lamaFirst.Installed(GenerationPurpose.Removal).Select(m => m.Name));
        using var generativeOnly = new InstalledGenerationEngines(_store, new GenerationEngineOptions { GenerativeModels = "migan" });
        Assert.Empty(generativeOnly.Installed(GenerationPurpose.Generative)); // MI-GAN removes; it is never generative
    }

    [Fact]
    public void Every_fill_entry_of_the_catalog_says_what_it_is_for_and_its_licence()
    {
        foreach (var name in new[] { KnownModels.MiGan, KnownModels.Lama, KnownModels.LamaInt8, KnownModels.StableDiffusionInpaint, KnownModels.Flux2Klein, KnownModels.Sam3Text })
        {
            var m = KnownModels.Find(name);
            Assert.NotNull(m);
            Assert.False(string.IsNullOrEmpty(m.Purpose), name);
            Assert.False(string.IsNullOrEmpty(m.License), name);
        }
        var migan = KnownModels.Find(KnownModels.MiGan)!.File(ModelRoles.Model);
        Assert.Equal(28_079_181, migan.Size);
        Assert.Equal("6f1f3530a1a2324b19752018ce756088b07973cda8d7d890034ace5c8a48c40b", migan.Sha256);
        Assert.Contains("c3c0c9e468934d62e79c329e35d82dd09ff8c444", KnownModels.Find(KnownModels.Lama)!.File(ModelRoles.Model).Url);
    }

    private sealed class SingleNameEngine(string name) : IGenerationEngine
    {
        public string Name => name;

        public string Model => name;

        public Task<SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
            Task.FromResult(request.Crop.Clone());
    }
}
