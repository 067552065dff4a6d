using Inpaint.Shared.Imaging;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Storage;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>Reads and writes one task's intermediate images and masks in the <c>tasks</c> container.</summary>
public sealed class TaskImages(BlobStore blobs)
{
    /// <summary>Intermediate files are ours, already checked: decode them without the upload limits.</summary>
    private static readonly ImageLimits Trusted = new(MaxPixels: 200_000_000, MaxSide: 100_000);

    public async Task<Image<Rgba32>> ReadImageAsync(string name, CancellationToken cancellationToken)
    {
        var data = await blobs.GetAsync(BlobContainers.Tasks, name, cancellationToken);
        return ImageDecoder.Decode(data.ToMemory().Span, name, Trusted);
    }

    public Task WriteImageAsync(string name, Image<Rgba32> image, CancellationToken cancellationToken) =>
        WriteImageAsync(name, image, OutputFormat.Png, cancellationToken);

    public Task WriteImageAsync(string name, Image<Rgba32> image, OutputFormat format, CancellationToken cancellationToken) =>
        blobs.PutAsync(BlobContainers.Tasks, name, BinaryData.FromBytes(ImageEncoder.Encode(image, format)), ImageEncoder.MimeType(format), cancellationToken);

    public async Task<MaskPlane> ReadMaskAsync(string name, CancellationToken cancellationToken)
    {
        var data = await blobs.GetAsync(BlobContainers.Tasks, name, cancellationToken);
        return MaskCodec.DecodePng(data.ToMemory().Span);
    }

    public Task WriteMaskAsync(string name, MaskPlane mask, CancellationToken cancellationToken) =>
        blobs.PutAsync(BlobContainers.Tasks, name, BinaryData.FromBytes(MaskCodec.EncodePng(mask)), "image/png", cancellationToken);
}
