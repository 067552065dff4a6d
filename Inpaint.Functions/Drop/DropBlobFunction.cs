using Azure.Storage.Blobs;
using Inpaint.Shared.Drop;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Inpaint.Functions.Drop;

/// <summary>
/// Blob-drop batches: a file dropped under <c>drop/{batch}/</c> becomes a task (<see cref="DropProcessor"/>).
/// Event Grid-sourced, as Flex Consumption requires. Bound as a <see cref="BlobClient"/>, so the processor reads the
/// blob's ETag (the dedupe key with its name) and streams nothing it does not need. Refused files end in a
/// <c>result.json</c>, not an exception, so only storage failures make the trigger retry.
/// </summary>
public sealed class DropBlobFunction(DropProcessor processor)
{
    [Function("DropBlob")]
    public Task<DropOutcome> RunAsync(
        [BlobTrigger("drop/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync(blob.Name, durable, cancellationToken);
}
