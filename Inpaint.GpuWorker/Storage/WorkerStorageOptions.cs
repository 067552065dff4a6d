namespace Inpaint.GpuWorker.Storage;

/// <summary>
/// The Blob account the worker reads inputs from and writes outputs to (settings <c>Storage__*</c>):
/// a connection string locally (Azurite), or the account's blob endpoint and the user-assigned managed
/// identity's client id in Azure.
/// </summary>
public sealed class WorkerStorageOptions
{
    public const string SectionName = "Storage";

    public string? ConnectionString { get; set; }

    public Uri? BlobServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity (<c>null</c> = system-assigned).</summary>
    public string? ClientId { get; set; }
}
