using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Storage;

/// <summary>Creates the Blob and Table service clients once, from a connection string or a managed identity.</summary>
public sealed class StorageClients
{
    public StorageClients(IOptions<StorageOptions> options)
    {
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            Blobs = new BlobServiceClient(o.ConnectionString);
            Tables = new TableServiceClient(o.ConnectionString);
            return;
        }

        if (o.BlobServiceUri is null || o.TableServiceUri is null)
        {
            throw new InvalidOperationException(
                "Storage is not configured: set Storage__ConnectionString, or Storage__BlobServiceUri and Storage__TableServiceUri.");
        }

        TokenCredential credential = string.IsNullOrWhiteSpace(o.ClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(o.ClientId));
        Blobs = new BlobServiceClient(o.BlobServiceUri, credential);
        Tables = new TableServiceClient(o.TableServiceUri, credential);
    }

    public BlobServiceClient Blobs { get; }

    public TableServiceClient Tables { get; }
}
