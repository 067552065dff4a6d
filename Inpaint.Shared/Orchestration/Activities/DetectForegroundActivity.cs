using System.Diagnostics;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Tasks;
using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// Step 2 (<c>use_rembg</c>): the salient-object mask; the background (its inverse) unless
/// <c>inpaint_foreground</c> asks for the foreground itself.
/// </summary>
public sealed class DetectForegroundActivity(RegionSelector regions, TaskImages images, TaskStore tasks)
    : TaskActivity<RegionInput, StepReport>
{
    public override async Task<StepReport> RunAsync(TaskActivityContext context, RegionInput input)
    {
        var clock = Stopwatch.StartNew();
        await tasks.EnterStepAsync(input.Job.User, input.Job.TaskId, TaskSteps.SelectRegion);
        using var source = await images.ReadSourceAsync(input.Job.TaskId, CancellationToken.None);
        var mask = await regions.ForegroundAsync(source, input.Job.Args.InpaintForeground, CancellationToken.None);
        await images.WriteMaskAsync(TaskBlobNames.RawMask(input.Job.TaskId), mask, CancellationToken.None);
        return new StepReport(clock.Elapsed.TotalSeconds);
    }
}
