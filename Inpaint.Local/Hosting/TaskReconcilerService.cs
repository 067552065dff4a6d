using Azure;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inpaint.Local.Hosting;

/// <summary>
/// The local stand-in for the Azure timer function: runs <see cref="TaskReconciler"/> once the stack has
/// started (a restart after a crash is exactly when it finds work) and then every
/// <see cref="ReconcileOptions.Interval"/>. A storage failure only postpones the pass.
/// </summary>
public sealed class TaskReconcilerService(
    TaskReconciler reconciler, DurableTaskClient durable, IOptions<ReconcileOptions> options, ILogger<TaskReconcilerService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                try
                {
                    var report = await reconciler.RunAsync(durable, DateTimeOffset.UtcNow, stoppingToken);
                    if (report.DidAnything) logger.LogWarning("Reconciled interrupted tasks: {Report}", report);
                }
                // StorageOutage: once the SDK's retries are spent against a storage that is away (Azurite
                // restarting) it throws an AggregateException; thrown out of here it would stop the host.
                catch (Exception e) when (e is RequestFailedException or HttpRequestException || DurableClientErrors.IsHubFailure(e) || StorageOutage.Is(e))
                {
                    logger.LogWarning("Task reconciliation failed ({Error}); next try in {Interval}", e.Message, options.Value.Interval);
                }

                await Task.Delay(options.Value.Interval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
