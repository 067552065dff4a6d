using Inpaint.Shared.Contracts;
using Inpaint.Shared.Regions;

namespace Inpaint.Shared.Worker;

/// <summary>
/// Region availability when the engines run on the GPU worker: every way of choosing a region is offered;
/// a model the worker lacks is reported by the worker (400 naming it) when the task runs.
/// </summary>
public sealed class WorkerRegionAvailability : IRegionAvailability
{
    public string? Missing(RegionSource source) => null;
}
