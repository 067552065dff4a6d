using Inpaint.GpuWorker.Scheduling;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Worker;
using Microsoft.Extensions.Options;

namespace Inpaint.GpuWorker.Engines;

/// <summary>
/// The engines registered in DI (every <see cref="IGenerationEngine"/>, at most one <see cref="IRegionEngine"/>),
/// looked up by the names the requests use. The worker hosts whatever the composition registered.
/// </summary>
public sealed class EngineCatalog(IEnumerable<IGenerationEngine> generators, IEnumerable<IRegionEngine> regions, IOptions<WorkerCapacityOptions> options)
{
    private readonly IReadOnlyList<IGenerationEngine> generators = generators.ToArray();
    private readonly IRegionEngine? region = regions.LastOrDefault();

    public bool HasEngines => generators.Count > 0 || region is not null;

    public IGenerationEngine Generation(string? model)
    {
        var name = model ?? options.Value.DefaultFillEngine;
        if (name is null && generators.Count > 0)
            return generators[0];
        return generators.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new EngineNotHostedException(name ?? "a fill engine", generators.Select(f => f.Name));
    }

    public IRegionEngine Region(string purpose) =>
        region ?? throw new EngineNotHostedException(purpose, generators.Select(f => f.Name));

    public IReadOnlyList<WorkerModelInfo> Describe()
    {
        var models = generators.Select(f => new WorkerModelInfo("fill", f.Name, f.Model)).ToList();
        if (region is not null)
            models.Add(new WorkerModelInfo("region", region.GetType().Name, region.GetType().Assembly.GetName().Version?.ToString() ?? "unknown"));
        return models;
    }
}
