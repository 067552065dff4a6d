namespace Inpaint.GpuWorker.Scheduling;

/// <summary>The work queue is full: answered with 429 and <c>Retry-After: <see cref="RetryAfter"/></c>.</summary>
public sealed class WorkerBusyException(TimeSpan retryAfter, int limit)
    : Exception($"the worker's queue is full ({limit} items waiting); retry later")
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    public int Limit { get; } = limit;
}
