using Azure;
using Inpaint.Shared.Drop;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inpaint.Local.Drop;

/// <summary>
/// Lists the <c>drop</c> container every <see cref="DropPollerOptions.Interval"/> and hands each blob version it has
/// not handled yet to the same <see cref="DropProcessor"/> the Azure trigger calls. Versions it handled are
/// remembered by name + ETag in memory; after a restart the processor recognises them by their result.json, so
/// nothing is made twice. A storage failure leaves the version unremembered: the next pass tries again.
/// </summary>
public sealed class DropPoller(
    StorageClients storage, DropProcessor processor, DurableTaskClient durable, IOptions<DropPollerOptions> options, ILogger<DropPoller> logger)
    : BackgroundService
{
    private readonly HashSet<(string Name, ETag ETag)> _handled = [];
    private readonly SemaphoreSlim _pass = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (Exception e) when (IsTransient(e))
            {
                logger.LogWarning("Drop poll failed ({Error}); next try in {Interval}", e.Message, options.Value.Interval);
            }

            try
            {
                await Task.Delay(options.Value.Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over the container; returns how many blob versions it handed to the processor. Passes never overlap.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            return await PassAsync(cancellationToken);
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<int> PassAsync(CancellationToken cancellationToken)
    {
        var container = storage.Blobs.GetBlobContainerClient(BlobContainers.Drop);
        var handed = 0;
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            var version = (blob.Name, blob.Properties.ETag ?? default);
            if (blob.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || _handled.Contains(version)) continue;
            try
            {
                var outcome = await processor.ProcessAsync(blob.Name, durable, cancellationToken);
                logger.LogDebug("Drop {Blob}: {Outcome}", blob.Name, outcome.Kind);
                _handled.Add(version);
                handed++;
            }
            catch (Exception e) when (IsTransient(e))
            {
                logger.LogWarning("Drop {Blob} not handled yet ({Error}); retried on the next pass", blob.Name, e.Message);
            }
        }

        return handed;
    }

    /// <summary>
    /// Storage or the task hub away for a while (Azurite restarting): the SDK's retries end in an
    /// <see cref="AggregateException"/>, the task hub's client in an RPC error. Thrown out of
    /// <see cref="ExecuteAsync"/> either would stop the whole host.
    /// </summary>
    private static bool IsTransient(Exception e) =>
        e is RequestFailedException or HttpRequestException || DurableClientErrors.IsHubFailure(e) || StorageOutage.Is(e);

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }
}
