using System.Diagnostics;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Tasks;
using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// Step 2 (uploaded mask): reads <c>mask_image</c> of any size, takes its alpha or luminance, resizes it to
/// the source and stores it as <c>mask-raw.png</c>. A mask that selects nothing is a permanent error.
/// </summary>
public sealed class LoadMaskActivity(RegionSelector regions, TaskImages images, TaskStore tasks)
    : TaskActivity<RegionInput, StepReport>
{
    public override async Task<StepReport> RunAsync(TaskActivityContext context, RegionInput input)
    {
        var clock = Stopwatch.StartNew();
        await tasks.EnterStepAsync(input.Job.User, input.Job.TaskId, TaskSteps.SelectRegion);
        var job = input.Job;
        var mask = await regions.LoadMaskAsync(job.User, job.Args.MaskImage!, input.Width, input.Height, CancellationToken.None);
        await images.WriteMaskAsync(TaskBlobNames.RawMask(job.TaskId), mask, CancellationToken.None);
        return new StepReport(clock.Elapsed.TotalSeconds);
    }
}
