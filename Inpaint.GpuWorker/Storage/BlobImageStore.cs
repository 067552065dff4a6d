using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Inpaint.GpuWorker.Scheduling;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Worker;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.GpuWorker.Storage;

/// <summary>
/// Reads request images and masks from, and writes results to, the worker's Blob account. A reference is
/// a container + name or a URL inside the account (a SAS URL is accepted as a name; the worker reads and
/// writes with its own identity, so a URL elsewhere is refused — no fetching of arbitrary addresses).
/// Images are decoded by <see cref="ImageDecoder"/>, as the API decodes uploads.
/// </summary>
public sealed class BlobImageStore(BlobServiceClient blobs, IOptions<WorkerCapacityOptions> capacity)
{
    public async Task<Image<Rgba32>> ReadImageAsync(BlobReference? reference, string field, CancellationToken cancellationToken)
    {
        using var buffer = await DownloadAsync(reference, field, cancellationToken);
        return Decode(buffer, field);
    }

    /// <summary>A mask is any accepted image, read as its luminance (0 = keep, 255 = replace).</summary>
    public async Task<MaskPlane> ReadMaskAsync(BlobReference? reference, string field, CancellationToken cancellationToken)
    {
        using var buffer = await DownloadAsync(reference, field, cancellationToken);
        using var image = Decode(buffer, field);
        return MaskCodec.FromLuminance(image);
    }

    /// <summary>
    /// A task's intermediate mask (<c>mask.png</c>, <c>alpha.png</c>), read as the orchestration reads it
    /// (<see cref="MaskCodec.DecodePng"/>: 16-bit feathers keep their precision) after the header is checked
    /// against the worker's limits.
    /// </summary>
    public async Task<MaskPlane> ReadTaskMaskAsync(BlobReference? reference, string field, CancellationToken cancellationToken)
    {
        using var buffer = await DownloadAsync(reference, field, cancellationToken);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        ImageDecoder.Identify(bytes, field, capacity.Value.Images);
        return MaskCodec.DecodePng(bytes, field);
    }

    /// <summary>PNG by the orchestration's own encoder (<see cref="ImageEncoder"/>), so a sample written here is
    /// byte for byte the file the in-process path writes for the same pixels.</summary>
    public async Task WriteImageAsync(BlobReference? reference, string field, Image<Rgba32> image, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(ImageEncoder.Encode(image, OutputFormat.Png));
        await UploadAsync(reference, field, buffer, cancellationToken);
    }

    public async Task WriteMaskAsync(BlobReference? reference, string field, MaskPlane mask, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await MaskCodec.WritePng8Async(mask, buffer, cancellationToken);
        await UploadAsync(reference, field, buffer, cancellationToken);
    }

    /// <summary>Checks a reference's form without touching storage, so a bad output reference is refused
    /// before any GPU time is spent.</summary>
    public BlobClient Resolve(BlobReference? reference, string field)
    {
        if (reference is null)
            throw new InvalidBlobReferenceException(field, $"{field} is required");
        string container, name;
        if (reference.Url is { } url)
        {
            if (reference.Container is not null || reference.Name is not null)
                throw new InvalidBlobReferenceException(field, $"{field} gives both a URL and a container/name; give one");
            var service = blobs.Uri.AbsoluteUri.TrimEnd('/') + "/";
            if (!url.IsAbsoluteUri || !url.AbsoluteUri.StartsWith(service, StringComparison.OrdinalIgnoreCase))
                throw new InvalidBlobReferenceException(field, $"{field} must be a blob URL in the worker's storage account ({blobs.Uri.GetLeftPart(UriPartial.Path)})");
            var parts = new BlobUriBuilder(url);
            container = parts.BlobContainerName;
            name = parts.BlobName;
        }
        else
        {
            container = reference.Container ?? "";
            name = reference.Name ?? "";
        }

        if (!IsContainerName(container))
            throw new InvalidBlobReferenceException(field, $"{field}: '{container}' is not a container name (3–63 lowercase letters, digits, single hyphens)");
        if (name.Length is 0 or > 1024 || name.EndsWith('/') || name.Contains('\\'))
            throw new InvalidBlobReferenceException(field, $"{field}: '{name}' is not a blob name (1–1024 characters, no trailing slash)");
        return blobs.GetBlobContainerClient(container).GetBlobClient(name);
    }

    private async Task<MemoryStream> DownloadAsync(BlobReference? reference, string field, CancellationToken cancellationToken)
    {
        var blob = Resolve(reference, field);
        var buffer = new MemoryStream();
        try
        {
            await blob.DownloadToAsync(buffer, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            buffer.Dispose();
            throw new InvalidBlobReferenceException(field, $"{field}: blob {blob.BlobContainerName}/{blob.Name} does not exist");
        }

        buffer.Position = 0;
        return buffer;
    }

    private async Task UploadAsync(BlobReference? reference, string field, MemoryStream buffer, CancellationToken cancellationToken)
    {
        var blob = Resolve(reference, field);
        buffer.Position = 0;
        try
        {
            await blob.UploadAsync(buffer, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "image/png" } }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new InvalidBlobReferenceException(field, $"{field}: container {blob.BlobContainerName} does not exist");
        }
    }

    /// <summary>
    /// Through the API's own decoder: PNG, JPEG and WebP only, limits checked from the header before any pixel
    /// buffer, animated WebP refused, truncation caught, EXIF orientation applied.
    /// </summary>
    private Image<Rgba32> Decode(MemoryStream buffer, string field) =>
        ImageDecoder.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), field, capacity.Value.Images);

    private static bool IsContainerName(string name) =>
        name.Length is >= 3 and <= 63
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && !name.Contains("--", StringComparison.Ordinal);
}
