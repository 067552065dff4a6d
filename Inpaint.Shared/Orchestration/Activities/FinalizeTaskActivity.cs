using Inpaint.Shared.Tasks;
using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>Step 6: ends the task row and refunds what was not delivered (<see cref="TaskFinalizer"/>).</summary>
public sealed class FinalizeTaskActivity(TaskFinalizer finalizer) : TaskActivity<FinalizeInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, FinalizeInput input) => finalizer.FinalizeAsync(input);
}
