using Inpaint.Shared.Imaging;
using Inpaint.Shared.Storage;

namespace Inpaint.Shared.Inputs;

/// <summary>
/// Gets the bytes behind an image argument: the caller's own upload, inline data, or a guarded download.
/// Any failure is an <see cref="InvalidImageException"/> naming the argument — a permanent task error.
/// </summary>
public sealed class ImageFetcher(BlobStore blobs, UrlFetcher urls)
{
    public static string UploadBlobName(string user, string uploadId) => $"{user}/{uploadId}";

    public async Task<byte[]> FetchAsync(ImageReference reference, string user, string field, CancellationToken cancellationToken)
    {
        switch (reference.Kind)
        {
            case ImageReferenceKind.Upload:
                try
                {
                    var data = await blobs.GetAsync(BlobContainers.Uploads, UploadBlobName(user, reference.UploadId), cancellationToken);
                    return data.ToArray();
                }
                catch (BlobNotFoundException)
                {
                    throw new InvalidImageException(field, $"{field}: upload '{reference.UploadId}' was not found");
                }

            case ImageReferenceKind.DataUri:
                return DataUri.Decode(reference.Value, field);

            default:
                try
                {
                    return await urls.GetAsync(new Uri(reference.Value), cancellationToken);
                }
                catch (FetchRefusedException e)
                {
                    throw new InvalidImageException(field, $"{field}: could not fetch {reference.Value}: {e.Message}");
                }
        }
    }
}
