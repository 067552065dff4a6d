using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Inpaint.Shared.Imaging;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Worker;

/// <summary>
/// Puts pixels where the worker can read them and reads its answers back, for the engine adapters that
/// get images rather than blob names. Blob names are derived from the content (SHA-256), so a retried
/// call overwrites the same blobs instead of adding new ones.
/// </summary>
public sealed class WorkerStaging(BlobServiceClient blobs, IOptions<WorkerClientOptions> options)
{
    private readonly BlobContainerClient container = blobs.GetBlobContainerClient(options.Value.StagingContainer);
    private int created;

    public BlobReference Reference(string name) => BlobReference.In(container.Name, name);

    public async Task<(BlobReference Reference, string Hash)> PutImageAsync(Image<Rgba32> image, string suffix, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await image.SaveAsync(buffer, new PngEncoder(), cancellationToken);
        var hash = Hash(buffer);
        return (await UploadAsync(buffer, $"{hash}/{suffix}", cancellationToken), hash);
    }

    public async Task<(BlobReference Reference, string Hash)> PutMaskAsync(MaskPlane mask, string suffix, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await MaskCodec.WritePng8Async(mask, buffer, cancellationToken);
        var hash = Hash(buffer);
        return (await UploadAsync(buffer, $"{hash}/{suffix}", cancellationToken), hash);
    }

    public async Task<Image<Rgba32>> GetImageAsync(BlobReference reference, CancellationToken cancellationToken)
    {
        var download = await Blob(reference).DownloadStreamingAsync(cancellationToken: cancellationToken);
        await using var stream = download.Value.Content;
        return await Image.LoadAsync<Rgba32>(stream, cancellationToken);
    }

    public async Task<MaskPlane> GetMaskAsync(BlobReference reference, CancellationToken cancellationToken)
    {
        var download = await Blob(reference).DownloadStreamingAsync(cancellationToken: cancellationToken);
        await using var stream = download.Value.Content;
        return await MaskCodec.ReadAsync(stream, cancellationToken);
    }

    /// <summary>Removes staged blobs once their content has been read back; a missing blob is not an error.</summary>
    public async Task DeleteAsync(IEnumerable<BlobReference> references, CancellationToken cancellationToken)
    {
        foreach (var reference in references)
            await Blob(reference).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    private BlobClient Blob(BlobReference reference) => reference.Url is { } url
        ? new BlobClient(url)
        : blobs.GetBlobContainerClient(reference.Container).GetBlobClient(reference.Name);

    private async Task<BlobReference> UploadAsync(MemoryStream buffer, string name, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref created, 1, 0) == 0)
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        buffer.Position = 0;
        await container.GetBlobClient(name).UploadAsync(
            buffer,
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "image/png" } },
            cancellationToken);
        return Reference(name);
    }

    private static string Hash(MemoryStream buffer) =>
        Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
}
