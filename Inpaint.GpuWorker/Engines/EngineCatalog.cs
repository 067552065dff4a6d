using Inpaint.GpuWorker.Api;
using Inpaint.GpuWorker.Scheduling;
using Inpaint.Inference.Generation;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Worker;
using Microsoft.Extensions.Options;

namespace Inpaint.GpuWorker.Engines;

/// <summary>
/// The engines registered in DI (every <see cref="IGenerationEngine"/>, at most one <see cref="IRegionEngine"/>) and the
/// fill models installed in the model store, looked up by the names the requests use. A diffuse request that
/// names no model (and no <c>Worker__DefaultFillEngine</c>) gets the best installed engine for its prompt
/// (<see cref="IGenerationEngineChooser"/>) when the composition registered a chooser, else the first engine.
/// </summary>
public sealed class EngineCatalog(
    IEnumerable<IGenerationEngine> generators,
    IEnumerable<IRegionEngine> regions,
    IOptions<WorkerCapacityOptions> options,
    IEnumerable<IGenerationEngineChooser> choosers,
    IEnumerable<InstalledGenerationEngines> installed)
{
    private readonly IReadOnlyList<IGenerationEngine> generators = generators.ToArray();
    private readonly IRegionEngine? region = regions.LastOrDefault();
    private readonly IGenerationEngineChooser? chooser = choosers.LastOrDefault();
    private readonly InstalledGenerationEngines? installed = installed.LastOrDefault();

    public bool HasEngines => generators.Count > 0 || region is not null;

    /// <summary>The engine for a request naming <paramref name="model"/> (or none) with <paramref name="prompt"/>.</summary>
    public EngineChoice Generation(string? model, string prompt = "")
    {
        var name = model ?? options.Value.DefaultFillEngine;
        if (name is null && chooser is not null)
        {
            if (chooser.Refusal(prompt) is { } refusal)
                throw new InvalidWorkRequestException("prompt", refusal);
            return chooser.Choose(prompt);
        }
        if (name is null && generators.Count > 0)
            return new(generators[0]);
        var engine = generators.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? (name is null ? null : installed?.Find(name))
            ?? throw new EngineNotHostedException(name ?? "a fill engine", Hosted());
        return new(engine);
    }

    public IRegionEngine Region(string purpose) =>
        region ?? throw new EngineNotHostedException(purpose, generators.Select(f => f.Name));

    public IReadOnlyList<WorkerModelInfo> Describe()
    {
        var models = generators.Select(f => new WorkerModelInfo("fill", f.Name, f.Model, InstalledEngineChooser.PurposeOf(f))).ToList();
        if (installed is not null)
        {
            foreach (var purpose in Enum.GetValues<GenerationPurpose>())
                foreach (var manifest in installed.Installed(purpose))
                    models.Add(new WorkerModelInfo("fill", InstalledGenerationEngines.EngineNameOf(manifest.Family), manifest.Name, purpose));
        }
        if (region is not null)
            models.Add(new WorkerModelInfo("region", region.GetType().Name, region.GetType().Assembly.GetName().Version?.ToString() ?? "unknown"));
        return models;
    }

    /// <summary>Which engine an empty prompt and a prompt get now; null without a chooser.</summary>
    public WorkerEngineChoiceInfo? DescribeChoice()
    {
        if (chooser is not InstalledEngineChooser installedChooser) return null;
        var refusal = installedChooser.Refusal("a prompt");
        return new WorkerEngineChoiceInfo(installedChooser.Removal().Name, installedChooser.Generative()?.Name, refusal is null, refusal);
    }

    private IEnumerable<string> Hosted() =>
        generators.Select(f => f.Name).Concat(installed is null ? [] : Enum.GetValues<GenerationPurpose>().SelectMany(p => installed.Installed(p)).Select(m => m.Name));
}
