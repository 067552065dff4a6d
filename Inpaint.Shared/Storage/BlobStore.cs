using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;

namespace Inpaint.Shared.Storage;

/// <summary>
/// Reads and writes whole blobs by container and name. Writes overwrite, so a retried activity that writes
/// the same deterministic name never duplicates. Links handed to callers are read-only and expire.
/// </summary>
public sealed class BlobStore(StorageClients clients)
{
    private readonly BlobServiceClient _service = clients.Blobs;
    private UserDelegationKey? _delegationKey;

    public async Task EnsureContainersAsync(CancellationToken cancellationToken = default)
    {
        foreach (var name in BlobContainers.All)
            await _service.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>The address of <paramref name="container"/>: links to its blobs start with it.</summary>
    public Uri ContainerUri(string container) => _service.GetBlobContainerClient(container).Uri;

    public async Task PutAsync(string container, string name, BinaryData content, string contentType, CancellationToken cancellationToken = default)
    {
        var blob = _service.GetBlobContainerClient(container).GetBlobClient(name);
        await blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
    }

    public async Task<BinaryData> GetAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await _service.GetBlobContainerClient(container).GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return result.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new BlobNotFoundException(container, name);
        }
    }

    public async Task<bool> ExistsAsync(string container, string name, CancellationToken cancellationToken = default) =>
        (await _service.GetBlobContainerClient(container).GetBlobClient(name).ExistsAsync(cancellationToken)).Value;

    /// <summary>
    /// A read-only link valid for <paramref name="lifetime"/>: a service SAS when the client holds the account
    /// key (Azurite, connection strings), a user-delegation SAS when it runs on a managed identity.
    /// </summary>
    public async Task<Uri> ReadLinkAsync(string container, string name, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var blob = _service.GetBlobContainerClient(container).GetBlobClient(name);
        var expiresOn = DateTimeOffset.UtcNow.Add(lifetime);
        if (blob.CanGenerateSasUri)
            return blob.GenerateSasUri(BlobSasPermissions.Read, expiresOn);

        var key = _delegationKey;
        if (key is null || key.SignedExpiresOn < expiresOn.AddMinutes(5))
        {
            // One delegation key serves many links; renew it well before the links it signs would outlive it.
            var keyLifetime = lifetime + TimeSpan.FromHours(1);
            key = _delegationKey = (await _service.GetUserDelegationKeyAsync(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.Add(keyLifetime), cancellationToken)).Value;
        }

        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresOn)
        {
            BlobContainerName = container,
            BlobName = name,
            Resource = "b",
        };
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, _service.AccountName) }.ToUri();
    }
}
