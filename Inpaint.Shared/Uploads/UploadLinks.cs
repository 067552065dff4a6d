using Inpaint.Shared.Inputs;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Validation;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Uploads;

/// <summary>
/// Links to stored uploads, as Eden's <c>POST /media/upload</c> answers them (<c>{url}</c>, which Eden's clients then
/// pass as <c>image</c>): a read-only, expiring link to the blob, and the way back from such a link to the caller's
/// upload. A link into the uploads container is always read from storage (never fetched over HTTP, so it works after
/// it expires) and only as the caller's own: another user's upload is refused.
/// </summary>
public sealed class UploadLinks(BlobStore blobs, IOptions<ResultsOptions> results)
{
    public async Task<string> CreateAsync(string user, string uploadId, CancellationToken cancellationToken) =>
        (await blobs.ReadLinkAsync(BlobContainers.Uploads, ImageFetcher.UploadBlobName(user, uploadId), results.Value.LinkLifetime, cancellationToken)).ToString();

    /// <summary>
    /// The upload reference behind <paramref name="reference"/> when it links into the uploads container; any other
    /// reference as it is.
    /// </summary>
    public ImageReference Resolve(string user, ImageReference reference, string field)
    {
        if (reference.Kind != ImageReferenceKind.Url) return reference;
        var container = blobs.ContainerUri(BlobContainers.Uploads).GetLeftPart(UriPartial.Path).TrimEnd('/') + "/";
        var path = new Uri(reference.Value).GetLeftPart(UriPartial.Path);
        if (!path.StartsWith(container, StringComparison.OrdinalIgnoreCase)) return reference;

        var name = Uri.UnescapeDataString(path[container.Length..]);
        var owner = user + "/";
        if (!name.StartsWith(owner, StringComparison.Ordinal)
            || !ImageReference.TryParse(ImageReference.UploadScheme + name[owner.Length..], out var upload, out _))
            throw new RequestValidationException(field, $"{field}: the link is to an upload that is not one of yours; upload the image with your own key");
        return upload;
    }
}
