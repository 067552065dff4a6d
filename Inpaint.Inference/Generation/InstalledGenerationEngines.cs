using System.Collections.Concurrent;
using Inpaint.Inference.Generation.Diffusion;
using Inpaint.Inference.Models;
using Inpaint.Inference.Regions;
using Inpaint.Inference.Sessions;
using Inpaint.Shared.Generation;

namespace Inpaint.Inference.Generation;

/// <summary>
/// The fill models installed in the <see cref="ModelStore"/>, as engines: for each purpose the first installed
/// model of the configured order (<see cref="GenerationEngineOptions.RemovalModels"/>,
/// <see cref="GenerationEngineOptions.GenerativeModels"/>). A model loads on first use, once, and stays loaded;
/// one installed after the host started is found by the next task (the store is asked each time).
/// </summary>
public sealed class InstalledGenerationEngines(ModelStore store, GenerationEngineOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, LoadOnce<LoadedEngine>> _engines = new(StringComparer.Ordinal);

    /// <summary>The families each purpose accepts: a model of another family in the list is skipped.</summary>
    public static GenerationPurpose? PurposeOf(ModelFamily family) => family switch
    {
        ModelFamily.MiGan or ModelFamily.Lama => GenerationPurpose.Removal,
        ModelFamily.StableDiffusionInpaint or ModelFamily.FluxFill or ModelFamily.Flux2Klein => GenerationPurpose.Generative,
        _ => null,
    };

    /// <summary>The engine name each fill family runs as (recorded with each output).</summary>
    public static string EngineNameOf(ModelFamily family) => family switch
    {
        ModelFamily.MiGan => "migan",
        ModelFamily.Lama => "lama",
        ModelFamily.StableDiffusionInpaint => "sd-inpaint",
        ModelFamily.FluxFill => "flux-fill",
        ModelFamily.Flux2Klein => "flux2-klein",
        _ => family.ToString(),
    };

    /// <summary>The configured order of model names for <paramref name="purpose"/>.</summary>
    public IReadOnlyList<string> Order(GenerationPurpose purpose) =>
        (purpose == GenerationPurpose.Removal ? options.RemovalModels : options.GenerativeModels)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The installed models that can serve <paramref name="purpose"/>, best first.</summary>
    public IReadOnlyList<ModelManifest> Installed(GenerationPurpose purpose)
    {
        var found = new List<ModelManifest>();
        foreach (var name in Order(purpose))
        {
            if (!store.IsInstalled(name)) continue;
            var manifest = store.Find(name)!;
            if (PurposeOf(manifest.Family) == purpose) found.Add(manifest);
        }
        return found;
    }

    /// <summary>The best installed engine for <paramref name="purpose"/>, loaded; null when none is installed.</summary>
    public IGenerationEngine? Best(GenerationPurpose purpose) =>
        Installed(purpose) is [var best, ..] ? Load(best) : null;

    /// <summary>The engine of the installed model <paramref name="name"/> (worker requests that name a model).</summary>
    public IGenerationEngine? Find(string name) =>
        store.IsInstalled(name) && store.Find(name) is { } manifest && PurposeOf(manifest.Family) is not null ? Load(manifest) : null;

    private IGenerationEngine Load(ModelManifest manifest) =>
        _engines.GetOrAdd(manifest.Name, _ => new LoadOnce<LoadedEngine>(() => Create(manifest))).Value.Engine;

    private LoadedEngine Create(ModelManifest manifest)
    {
        var sessions = options.UseCuda ? ModelSessionOptions.CudaThenCpu : ModelSessionOptions.Cpu;
        var folder = store.DirectoryOf(manifest.Name);
        switch (manifest.Family)
        {
            case ModelFamily.MiGan:
            {
                var session = ModelSession.Load(store.PathOf(manifest, ModelRoles.Model), sessions);
                return new LoadedEngine(new MiGanFill(session, manifest.Name), session);
            }
            case ModelFamily.Lama:
            {
                var session = ModelSession.Load(store.PathOf(manifest, ModelRoles.Model), sessions);
                return new LoadedEngine(new LamaFill(session, manifest.Name), session);
            }
            case ModelFamily.StableDiffusionInpaint:
            {
                var models = StableDiffusionModels.Load(folder, sessions);
                var defaults = new StableDiffusionOptions();
                return new LoadedEngine(new StableDiffusionInpaint(models, defaults with { Steps = options.Steps ?? defaults.Steps, ModelId = manifest.Name }), models);
            }
            case ModelFamily.FluxFill:
            {
                var models = FluxFillModels.Load(folder, sessions);
                var defaults = new FluxFillOptions();
                return new LoadedEngine(new FluxFill(models, defaults with { Steps = options.Steps ?? defaults.Steps, ModelId = manifest.Name }), models);
            }
            case ModelFamily.Flux2Klein:
            {
                var models = Flux2KleinModels.Load(folder, sessions);
                var defaults = new Flux2KleinOptions();
                return new LoadedEngine(new Flux2Klein(models, defaults with { Steps = options.Steps ?? defaults.Steps, ModelId = manifest.Name }), models);
            }
            default:
                throw new InvalidOperationException($"Model '{manifest.Name}' ({manifest.Family}) is not a fill model.");
        }
    }

    public void Dispose()
    {
        foreach (var engine in _engines.Values) engine.Dispose();
    }

    private sealed record LoadedEngine(IGenerationEngine Engine, IDisposable Resources) : IDisposable
    {
        public void Dispose() => Resources.Dispose();
    }
}
