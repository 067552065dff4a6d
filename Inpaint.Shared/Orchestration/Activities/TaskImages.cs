using Inpaint.Shared.Imaging;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Storage;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// Reads and writes one task's intermediate images and masks in the <c>tasks</c> container. Intermediates are
/// written in fast lossless forms (<see cref="ImageEncoder"/>'s PNG setting, <see cref="MaskCodec"/>): they are
/// read once or twice within seconds, so compressing them hard costs more than it saves. Encoding runs on the
/// thread pool, so an activity that starts several writes at once encodes them in parallel.
/// </summary>
public sealed class TaskImages(BlobStore blobs)
{
    /// <summary>Intermediate files are ours, already checked: decode them without the upload limits.</summary>
    private static readonly ImageLimits Trusted = new(MaxPixels: 200_000_000, MaxSide: 100_000);

    /// <summary>
    /// The task's source, upright: as uploaded (PNG, JPEG or WebP) or, when it had to be turned, a PNG.
    /// Decoding errors name the request field <c>image</c>: the bytes are the caller's.
    /// </summary>
    public async Task<Image<Rgba32>> ReadSourceAsync(string taskId, CancellationToken cancellationToken)
    {
        var data = await blobs.GetAsync(BlobContainers.Tasks, TaskBlobNames.Source(taskId), cancellationToken);
        return ImageDecoder.Decode(data.ToMemory().Span, "image", Trusted);
    }

    /// <summary>Stores the caller's image bytes, already identified and upright, as the task's source.</summary>
    public Task WriteSourceAsync(string taskId, byte[] bytes, string contentType, CancellationToken cancellationToken) =>
        blobs.PutAsync(BlobContainers.Tasks, TaskBlobNames.Source(taskId), BinaryData.FromBytes(bytes), contentType, cancellationToken);

    public async Task<Image<Rgba32>> ReadImageAsync(string name, CancellationToken cancellationToken)
    {
        var data = await blobs.GetAsync(BlobContainers.Tasks, name, cancellationToken);
        return ImageDecoder.Decode(data.ToMemory().Span, name, Trusted);
    }

    public Task WriteImageAsync(string name, Image<Rgba32> image, CancellationToken cancellationToken) =>
        WriteImageAsync(name, image, OutputFormat.Png, cancellationToken);

    public async Task WriteImageAsync(string name, Image<Rgba32> image, OutputFormat format, CancellationToken cancellationToken)
    {
        var bytes = await Task.Run(() => ImageEncoder.Encode(image, format), cancellationToken);
        await blobs.PutAsync(BlobContainers.Tasks, name, BinaryData.FromBytes(bytes), ImageEncoder.MimeType(format), cancellationToken);
    }

    public async Task<MaskPlane> ReadMaskAsync(string name, CancellationToken cancellationToken)
    {
        var data = await blobs.GetAsync(BlobContainers.Tasks, name, cancellationToken);
        return MaskCodec.DecodePng(data.ToMemory().Span);
    }

    public async Task WriteMaskAsync(string name, MaskPlane mask, CancellationToken cancellationToken)
    {
        var bytes = await Task.Run(() => MaskCodec.EncodePng(mask), cancellationToken);
        await blobs.PutAsync(BlobContainers.Tasks, name, BinaryData.FromBytes(bytes), "image/png", cancellationToken);
    }
}
