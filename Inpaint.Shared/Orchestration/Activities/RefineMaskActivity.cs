using System.Diagnostics;
using Inpaint.Shared.Imaging;
using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// Step 3: plans the crop around the raw mask, and at the crop's working resolution grows the mask by
/// <c>mask_expand</c> and feathers it with σ = <c>mask_blur</c> (ARCHITECTURE §8). Writes the working crop,
/// the grown mask (what the generator fills), the feathered alpha (what the composite blends with) and a
/// preview of the region over the crop.
/// </summary>
public sealed class RefineMaskActivity(TaskImages images) : TaskActivity<InpaintJob, CropReport>
{
    public override async Task<CropReport> RunAsync(TaskActivityContext context, InpaintJob job)
    {
        var clock = Stopwatch.StartNew();
        var id = job.TaskId;
        var raw = await images.ReadMaskAsync(TaskBlobNames.RawMask(id), CancellationToken.None);
        // The padding covers the growth and the feather (expand + 3σ), so the alpha fades out inside the box.
        var box = CropPlanner.PlanTask(raw, job.Args.Resolution, job.Args.MaskExpand, job.Args.MaskBlur);
        var refined = MaskRefiner.Refine(raw, box, job.Args.MaskExpand, job.Args.MaskBlur);

        using var source = await images.ReadImageAsync(TaskBlobNames.Source(id), CancellationToken.None);
        using var crop = CropSampler.Extract(source, box);
        using var preview = MaskOverlay.TintOver(crop, refined.Alpha);
        await images.WriteImageAsync(TaskBlobNames.Crop(id), crop, CancellationToken.None);
        await images.WriteMaskAsync(TaskBlobNames.Mask(id), refined.Binary, CancellationToken.None);
        await images.WriteMaskAsync(TaskBlobNames.Alpha(id), refined.Alpha, CancellationToken.None);
        await images.WriteImageAsync(TaskBlobNames.Preview(id), preview, CancellationToken.None);
        return new CropReport(box, clock.Elapsed.TotalSeconds);
    }
}
