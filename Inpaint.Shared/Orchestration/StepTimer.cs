using Inpaint.Shared.Contracts;
using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration;

/// <summary>
/// Replay-safe timings from the orchestration clock: each step's elapsed time splits into the activity's own
/// run time and the wait around it (queueing, scheduling, retries).
/// </summary>
internal sealed class StepTimer(TaskOrchestrationContext context, DateTimeOffset createdAt)
{
    private readonly List<StepTiming> _steps = [];
    private DateTime _stepStart = context.CurrentUtcDateTime;
    private DateTime? _started;

    /// <summary>Marks the moment the first step finished starting the work (the end of the task's wait).</summary>
    public void Started() => _started ??= _stepStart;

    /// <summary>
    /// Records a step. Steps that ran interleaved with the previous one (composite inside the per-sample
    /// pipelines) pass <paramref name="addElapsed"/> false: their wait is not measured separately.
    /// </summary>
    public void Record(string step, double runSeconds, bool addElapsed = true)
    {
        var now = context.CurrentUtcDateTime;
        if (!addElapsed)
        {
            _steps.Add(new StepTiming(step, 0, runSeconds));
            return;
        }

        var elapsed = (now - _stepStart).TotalSeconds;
        _steps.Add(new StepTiming(step, Math.Max(0, elapsed - runSeconds), runSeconds));
        _stepStart = now;
    }

    public TaskPerformance Performance()
    {
        var start = _started ?? context.CurrentUtcDateTime;
        var wait = Math.Max(0, (new DateTimeOffset(start, TimeSpan.Zero) - createdAt).TotalSeconds);
        var run = (context.CurrentUtcDateTime - start).TotalSeconds;
        return new TaskPerformance(wait, run, _steps.ToArray());
    }
}
