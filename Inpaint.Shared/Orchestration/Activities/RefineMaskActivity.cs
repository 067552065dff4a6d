using System.Diagnostics;
using Inpaint.Shared.Imaging;
using Microsoft.DurableTask;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// Step 3: plans the crop around the raw mask, and at the crop's working resolution grows the mask by
/// <c>mask_expand</c> and feathers it with σ = <c>mask_blur</c> (ARCHITECTURE §8). Writes the working crop with
/// the region hidden (<see cref="CropSampler.HideRegion"/>), the grown mask (what the generator fills), the
/// feathered alpha (what the composite blends with) and a preview of the region over the original crop.
/// </summary>
public sealed class RefineMaskActivity(TaskImages images) : TaskActivity<InpaintJob, CropReport>
{
    public override async Task<CropReport> RunAsync(TaskActivityContext context, InpaintJob job)
    {
        var clock = Stopwatch.StartNew();
        var id = job.TaskId;
        // The source downloads and decodes while the mask is read and refined; the four writes go out together.
        var sourceRead = images.ReadSourceAsync(id, CancellationToken.None);
        MaskPlane raw;
        try
        {
            raw = await images.ReadMaskAsync(TaskBlobNames.RawMask(id), CancellationToken.None);
        }
        catch
        {
            await DisposeWhenReadAsync(sourceRead);
            throw;
        }

        // The padding covers the growth and the feather (expand + 3σ), so the alpha fades out inside the box.
        var box = CropPlanner.PlanTask(raw, job.Args.Resolution, job.Args.MaskExpand, job.Args.MaskBlur);
        var refined = MaskRefiner.Refine(raw, box, job.Args.MaskExpand, job.Args.MaskBlur);

        using var crop = await ExtractAsync(sourceRead, box);
        using var preview = MaskOverlay.TintOver(crop, refined.Alpha);
        // The engines get the crop with the region's old content hidden: nothing of it is copied or continued.
        CropSampler.HideRegion(crop, refined.Binary);
        await Task.WhenAll(
            images.WriteImageAsync(TaskBlobNames.Crop(id), crop, CancellationToken.None),
            images.WriteMaskAsync(TaskBlobNames.Mask(id), refined.Binary, CancellationToken.None),
            images.WriteMaskAsync(TaskBlobNames.Alpha(id), refined.Alpha, CancellationToken.None),
            images.WriteImageAsync(TaskBlobNames.Preview(id), preview, CancellationToken.None));
        return new CropReport(box, clock.Elapsed.TotalSeconds);
    }

    private static async Task<Image<Rgba32>> ExtractAsync(Task<Image<Rgba32>> sourceRead, CropBox box)
    {
        using var source = await sourceRead;
        return CropSampler.Extract(source, box);
    }

    /// <summary>Releases the source of a read that is no longer wanted, once it has finished either way.</summary>
    private static async Task DisposeWhenReadAsync(Task<Image<Rgba32>> read)
    {
        try
        {
            (await read).Dispose();
        }
        catch (Exception)
        {
            // The activity is already failing for another reason; that one is reported.
        }
    }
}
