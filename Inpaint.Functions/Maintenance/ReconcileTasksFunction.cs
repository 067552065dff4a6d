using Inpaint.Shared.Tasks;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Inpaint.Functions.Maintenance;

/// <summary>
/// Every 5 minutes: drives tasks that a crash left unfinished to an end (<see cref="TaskReconciler"/>). The
/// timer is a singleton across instances (its lease is in the host's storage), so passes do not overlap;
/// they would be harmless if they did.
/// </summary>
public sealed class ReconcileTasksFunction(TaskReconciler reconciler, ILogger<ReconcileTasksFunction> logger)
{
    [Function("ReconcileTasks")]
    public async Task RunAsync(
        [TimerTrigger("0 */5 * * * *")] TimerInfo timer,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var report = await reconciler.RunAsync(durable, DateTimeOffset.UtcNow, cancellationToken);
        if (report.DidAnything) logger.LogWarning("Reconciled interrupted tasks: {Report}", report);
    }
}
