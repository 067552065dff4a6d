using System.Security.Cryptography;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Inputs;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Storage;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Uploads;

/// <summary>
/// Stores a caller's image so tasks can refer to it as <c>upload:ID</c>. The bytes are decoded once here,
/// within the limits, so a bad file is refused at upload time with a clear 400.
/// </summary>
public sealed class UploadService(BlobStore blobs, UploadLinks links, IOptions<LimitsOptions> limits)
{
    /// <summary>Links to uploads, and the way back from a link to the upload.</summary>
    public UploadLinks Links => links;

    /// <param name="id">
    /// The upload id; null for a fresh random one. Blob-drop passes one derived from the dropped blob, so a
    /// re-fired trigger writes the same upload and builds the same request.
    /// </param>
    public async Task<UploadReceipt> StoreAsync(string user, byte[] bytes, string field, CancellationToken cancellationToken, string? id = null)
    {
        if (bytes.Length == 0)
            throw new InvalidImageException(field, $"{field} is empty (0 bytes)");
        if (bytes.Length > limits.Value.MaxUploadBytes)
            throw new InvalidImageException(field, $"{field} is larger than {limits.Value.MaxUploadBytes} bytes");

        using var image = ImageDecoder.Decode(bytes, field, limits.Value.Image);
        var format = ImageFormatSniffer.Sniff(bytes)
            ?? throw new InvalidImageException(field, $"{field} must be a PNG, JPEG or WebP image");

        id ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        await blobs.PutAsync(BlobContainers.Uploads, ImageFetcher.UploadBlobName(user, id), BinaryData.FromBytes(bytes), format.MimeType, cancellationToken);
        return new UploadReceipt(
            ImageReference.ForUpload(id).ToString(),
            $"{id}.{format.Extension}",
            new MediaAttributes(image.Width, image.Height, format.MimeType));
    }

    /// <summary>True when <paramref name="reference"/> is an upload of <paramref name="user"/>'s that exists.</summary>
    public Task<bool> ExistsAsync(string user, ImageReference reference, CancellationToken cancellationToken) =>
        blobs.ExistsAsync(BlobContainers.Uploads, ImageFetcher.UploadBlobName(user, reference.UploadId), cancellationToken);
}
