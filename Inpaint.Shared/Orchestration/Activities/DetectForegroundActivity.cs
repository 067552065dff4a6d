using System.Diagnostics;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Regions;
using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// Step 2 (<c>use_rembg</c>): the salient-object mask; the background (its inverse) unless
/// <c>inpaint_foreground</c> asks for the foreground itself.
/// </summary>
public sealed class DetectForegroundActivity(IRegionEngine regions, TaskImages images)
    : TaskActivity<RegionInput, StepReport>
{
    public override async Task<StepReport> RunAsync(TaskActivityContext context, RegionInput input)
    {
        var clock = Stopwatch.StartNew();
        using var source = await images.ReadSourceAsync(input.Job.TaskId, CancellationToken.None);
        var foreground = await regions.ForegroundAsync(source, CancellationToken.None);
        var fitted = foreground.Width == input.Width && foreground.Height == input.Height
            ? foreground
            : MaskReader.FromProbabilities(foreground, input.Width, input.Height);
        var mask = input.Job.Args.InpaintForeground ? fitted : MaskOps.Invert(fitted);
        if (!mask.Any())
            throw new RegionNotFoundException(input.Job.Args.InpaintForeground ? "foreground" : "background");
        await images.WriteMaskAsync(TaskBlobNames.RawMask(input.Job.TaskId), mask, CancellationToken.None);
        return new StepReport(clock.Elapsed.TotalSeconds);
    }
}
