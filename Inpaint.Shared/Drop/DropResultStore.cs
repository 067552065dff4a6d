using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Inpaint.Shared.Storage;

namespace Inpaint.Shared.Drop;

/// <summary>
/// The <c>drop-results</c> container: <c>{batch}/{name}/result.json</c> and the outputs beside it, at
/// deterministic names so a retried write overwrites.
/// </summary>
public sealed class DropResultStore(StorageClients clients)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly BlobContainerClient _container = clients.Blobs.GetBlobContainerClient(BlobContainers.DropResults);

    public static string Folder(string batch, string name) => $"{batch}/{name}";

    public static string ResultBlob(string batch, string name) => $"{Folder(batch, name)}/result.json";

    /// <summary>The current result.json and the ETag of that blob (for a conditional rewrite), or null.</summary>
    public async Task<(DropResult Result, ETag BlobETag)?> FindAsync(string batch, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var download = await _container.GetBlobClient(ResultBlob(batch, name)).DownloadContentAsync(cancellationToken);
            var result = download.Value.Content.ToObjectFromJson<DropResult>();
            return result is null ? null : (result, download.Value.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (JsonException)
        {
            return null; // someone wrote junk there: treat it as absent, it will be overwritten
        }
    }

    /// <summary>Writes result.json; with <paramref name="onlyIf"/>, only while the blob is still that version (or absent, for <see cref="ETag.All"/> meaning none).</summary>
    public async Task<bool> WriteAsync(string batch, string name, DropResult result, ETag? onlyIf = null, CancellationToken cancellationToken = default)
    {
        var conditions = onlyIf switch
        {
            null => null,
            { } e when e == ETag.All => new BlobRequestConditions { IfNoneMatch = ETag.All },
            { } e => new BlobRequestConditions { IfMatch = e },
        };
        try
        {
            await _container.GetBlobClient(ResultBlob(batch, name)).UploadAsync(
                BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(result, Json)),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" }, Conditions = conditions },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (onlyIf is not null && e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task PutOutputAsync(string batch, string name, string fileName, BinaryData content, string contentType, CancellationToken cancellationToken = default) =>
        await _container.GetBlobClient($"{Folder(batch, name)}/{fileName}").UploadAsync(
            content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
}
