using Inpaint.Shared.Drop;
using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>After a blob-drop task is final: its outputs and result.json into <c>drop-results</c> (<see cref="DropDelivery"/>).</summary>
public sealed class DeliverDropResultsActivity(DropDelivery delivery) : TaskActivity<DropDeliveryInput, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, DropDeliveryInput input) =>
        delivery.DeliverAsync(input.TaskId, input.User, input.Drop);
}
