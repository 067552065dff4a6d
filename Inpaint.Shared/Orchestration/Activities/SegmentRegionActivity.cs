using System.Diagnostics;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Tasks;
using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>Step 2 (text prompt): the region engine turns <c>masking_prompt</c> into <c>mask-raw.png</c>.</summary>
public sealed class SegmentRegionActivity(RegionSelector regions, TaskImages images, TaskStore tasks)
    : TaskActivity<RegionInput, StepReport>
{
    public override async Task<StepReport> RunAsync(TaskActivityContext context, RegionInput input)
    {
        var clock = Stopwatch.StartNew();
        await tasks.EnterStepAsync(input.Job.User, input.Job.TaskId, TaskSteps.SelectRegion);
        using var source = await images.ReadSourceAsync(input.Job.TaskId, CancellationToken.None);
        var mask = await regions.SegmentAsync(source, input.Job.Args.MaskingPrompt!, CancellationToken.None);
        await images.WriteMaskAsync(TaskBlobNames.RawMask(input.Job.TaskId), mask, CancellationToken.None);
        return new StepReport(clock.Elapsed.TotalSeconds);
    }
}
