using Inpaint.Shared.Tasks;
using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>Step 5b: a composited sample appears in the task's <c>result</c> before the task ends (<see cref="TaskSamples"/>).</summary>
public sealed class DeliverSampleActivity(TaskSamples samples) : TaskActivity<DeliverSampleInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, DeliverSampleInput input) =>
        samples.DeliverAsync(input.User, input.TaskId, input.Sample);
}
