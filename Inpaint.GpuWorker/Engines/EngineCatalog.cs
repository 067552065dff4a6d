using Inpaint.GpuWorker.Scheduling;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Worker;
using Microsoft.Extensions.Options;

namespace Inpaint.GpuWorker.Engines;

/// <summary>
/// The engines registered in DI (every <see cref="IFillEngine"/>, at most one <see cref="IRegionEngine"/>),
/// looked up by the names the requests use. The worker hosts whatever the composition registered.
/// </summary>
public sealed class EngineCatalog(IEnumerable<IFillEngine> fills, IEnumerable<IRegionEngine> regions, IOptions<WorkerCapacityOptions> options)
{
    private readonly IReadOnlyList<IFillEngine> fills = fills.ToArray();
    private readonly IRegionEngine? region = regions.LastOrDefault();

    public bool HasEngines => fills.Count > 0 || region is not null;

    public IFillEngine Fill(string? model)
    {
        var name = model ?? options.Value.DefaultFillEngine;
        if (name is null && fills.Count > 0)
            return fills[0];
        return fills.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new EngineNotHostedException(name ?? "a fill engine", fills.Select(f => f.Name));
    }

    public IRegionEngine Region(string purpose) =>
        region ?? throw new EngineNotHostedException(purpose, fills.Select(f => f.Name));

    public IReadOnlyList<WorkerModelInfo> Describe()
    {
        var models = fills.Select(f => new WorkerModelInfo("fill", f.Name, f.Model)).ToList();
        if (region is not null)
            models.Add(new WorkerModelInfo("region", region.GetType().Name, region.GetType().Assembly.GetName().Version?.ToString() ?? "unknown"));
        return models;
    }
}
