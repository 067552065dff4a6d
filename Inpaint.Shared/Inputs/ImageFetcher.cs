using Inpaint.Shared.Imaging;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Uploads;

namespace Inpaint.Shared.Inputs;

/// <summary>
/// Gets the bytes behind an image argument: the caller's own upload, inline data, or a guarded download.
/// Any failure is an <see cref="InvalidImageException"/> naming the argument — a permanent task error. A link to one
/// of the caller's uploads (what <c>POST /media/upload</c> answers) is read from storage, never fetched over HTTP.
/// </summary>
public sealed class ImageFetcher(BlobStore blobs, UrlFetcher urls, UploadLinks links)
{
    public static string UploadBlobName(string user, string uploadId) => $"{user}/{uploadId}";

    public async Task<byte[]> FetchAsync(ImageReference reference, string user, string field, CancellationToken cancellationToken)
    {
        reference = links.Resolve(user, reference, field);
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
