namespace Inpaint.GpuWorker.Api;

/// <summary>The work did not finish within <see cref="Scheduling.WorkerCapacityOptions.RequestTimeout"/>; it was
/// cancelled and 503 is answered (the caller may retry).</summary>
public sealed class WorkTimedOutException(TimeSpan limit, Exception inner)
    : Exception($"the work did not finish within {limit}", inner)
{
    public TimeSpan Limit { get; } = limit;
}
