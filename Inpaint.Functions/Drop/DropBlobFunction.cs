using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Inpaint.Functions.Drop;

/// <summary>
/// Blob-drop batches: a file dropped under <c>drop/{batch}/</c> becomes a task. Declared here so the trigger
/// (Event Grid source, as Flex Consumption requires) is deployed; turning the blob into a task comes with
/// the task-API issue.
/// </summary>
public sealed class DropBlobFunction(ILogger<DropBlobFunction> logger)
{
    [Function("DropBlob")]
    public void Run(
        [BlobTrigger("drop/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] byte[] content,
        string name)
    {
        logger.LogInformation("Blob dropped: {Name} ({Bytes} bytes); batch processing is not enabled yet", name, content.Length);
    }
}
