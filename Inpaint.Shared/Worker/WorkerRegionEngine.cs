using Inpaint.Shared.Imaging;
using Inpaint.Shared.Regions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Worker;

/// <summary>
/// <see cref="IRegionEngine"/> that runs on the GPU worker: the image is staged in Blob storage,
/// <c>POST /v1/segment</c> or <c>/v1/foreground</c> writes the mask, and the mask is read back.
/// A prompt that matches nothing comes back as <see cref="RegionNotFoundException"/>.
/// </summary>
public sealed class WorkerRegionEngine(WorkerClient client, WorkerStaging staging) : IRegionEngine
{
    public async Task<MaskPlane> SegmentAsync(Image<Rgba32> image, string prompt, CancellationToken cancellationToken)
    {
        var (source, hash) = await staging.PutImageAsync(image, "source.png", cancellationToken);
        var target = staging.Reference($"{hash}/segment-{PromptKey(prompt)}.png");
        var response = await client.SegmentAsync(new SegmentWorkRequest(source, prompt, target), cancellationToken);
        return await ReadBackAsync(source, response.Mask, cancellationToken);
    }

    public async Task<MaskPlane> ForegroundAsync(Image<Rgba32> image, CancellationToken cancellationToken)
    {
        var (source, hash) = await staging.PutImageAsync(image, "source.png", cancellationToken);
        var target = staging.Reference($"{hash}/foreground.png");
        var response = await client.ForegroundAsync(new ForegroundWorkRequest(source, target), cancellationToken);
        return await ReadBackAsync(source, response.Mask, cancellationToken);
    }

    private async Task<MaskPlane> ReadBackAsync(BlobReference source, BlobReference mask, CancellationToken cancellationToken)
    {
        var plane = await staging.GetMaskAsync(mask, cancellationToken);
        await staging.DeleteAsync([source, mask], cancellationToken);
        return plane;
    }

    private static string PromptKey(string prompt) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(prompt)))[..16];
}
