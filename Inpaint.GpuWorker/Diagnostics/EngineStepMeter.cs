using System.Diagnostics;
using Inpaint.Shared.Generation;

namespace Inpaint.GpuWorker.Diagnostics;

/// <summary>Turns an engine's step reports into <c>inpaint.worker.step.duration</c> measurements (time since
/// the previous report). Synchronous, unlike <see cref="Progress{T}"/>, so steps are timed where they happen.</summary>
public sealed class EngineStepMeter(WorkerMetrics metrics, string engine) : IProgress<GenerationProgress>
{
    private long last = Stopwatch.GetTimestamp();

    public void Report(GenerationProgress value)
    {
        var now = Stopwatch.GetTimestamp();
        var previous = Interlocked.Exchange(ref last, now);
        metrics.RecordStep(Stopwatch.GetElapsedTime(previous, now), engine);
    }
}
