using System.Diagnostics;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Tasks;
using Microsoft.DurableTask;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// Step 3: plans the crops around the raw mask (one, or one per part far from the others), and at each crop's working resolution grows the mask by
/// <c>mask_expand</c> and feathers it with σ = <c>mask_blur</c> (ARCHITECTURE §8). Writes the working crop with
/// the region hidden (<see cref="CropSampler.HideRegion"/>), the grown mask (what the generator fills), the
/// feathered alpha (what the composite blends with) and a preview of the region over the original crop.
/// </summary>
public sealed class RefineMaskActivity(TaskImages images, TaskStore tasks) : TaskActivity<InpaintJob, CropReport>
{
    public override async Task<CropReport> RunAsync(TaskActivityContext context, InpaintJob job)
    {
        var clock = Stopwatch.StartNew();
        var id = job.TaskId;
        await tasks.EnterStepAsync(job.User, id, TaskSteps.RefineMask);
        // The source downloads and decodes while the mask is read and refined; each part's four writes go out together.
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

        // One crop per part of the region far from the others; the padding covers the growth and the feather
        // (expand + 3σ), so the alpha fades out inside each box. The boxes do not overlap, so the whole raw mask
        // inside a box is that part's alone.
        var boxes = CropPlanner.PlanParts(raw, job.Args.Resolution, job.Args.MaskExpand, job.Args.MaskBlur);
        var refined = boxes.Select(box => MaskRefiner.Refine(raw, box, job.Args.MaskExpand, job.Args.MaskBlur)).ToList();
        // The crops are cut first, so the full-resolution source is released before the encodes and writes.
        List<Image<Rgba32>> crops;
        using (var source = await sourceRead)
            crops = boxes.Select(box => CropSampler.Extract(source, box)).ToList();
        try
        {
            // The samples are generated next: the step is recorded here, once, rather than by each sample and part.
            await Task.WhenAll(crops.Select((crop, part) => WritePartAsync(id, part, crop, refined[part]))
                .Append(tasks.EnterStepAsync(job.User, id, TaskSteps.Generate)));
        }
        finally
        {
            foreach (var crop in crops) crop.Dispose();
        }

        return new CropReport(boxes, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Part <paramref name="part"/>'s four blobs, written together.</summary>
    private async Task WritePartAsync(string id, int part, Image<Rgba32> crop, RefinedMask refined)
    {
        using var preview = MaskOverlay.TintOver(crop, refined.Alpha);
        // The engines get the crop with the region's old content hidden: nothing of it is copied or continued.
        CropSampler.HideRegion(crop, refined.Binary);
        await Task.WhenAll(
            images.WriteImageAsync(TaskBlobNames.Crop(id, part), crop, CancellationToken.None),
            images.WriteMaskAsync(TaskBlobNames.Mask(id, part), refined.Binary, CancellationToken.None),
            images.WriteMaskAsync(TaskBlobNames.Alpha(id, part), refined.Alpha, CancellationToken.None),
            images.WriteImageAsync(TaskBlobNames.Preview(id, part), preview, CancellationToken.None));
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
