using System.Diagnostics;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Inputs;
using Inpaint.Shared.Limits;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// Step 2 (uploaded mask): reads <c>mask_image</c> of any size, takes its alpha or luminance, resizes it to
/// the source and stores it as <c>mask-raw.png</c>. A mask that selects nothing is a permanent error.
/// </summary>
public sealed class LoadMaskActivity(ImageFetcher fetcher, TaskImages images, IOptions<LimitsOptions> limits)
    : TaskActivity<RegionInput, StepReport>
{
    public override async Task<StepReport> RunAsync(TaskActivityContext context, RegionInput input)
    {
        var clock = Stopwatch.StartNew();
        var job = input.Job;
        var bytes = await fetcher.FetchAsync(ImageReference.Parse(job.Args.MaskImage!), job.User, "mask_image", CancellationToken.None);
        using var maskImage = ImageDecoder.Decode(bytes, "mask_image", limits.Value.Image);
        var mask = MaskReader.FromImage(maskImage, input.Width, input.Height);
        if (!mask.Any())
            throw new InvalidImageException("mask_image", MaskReader.SelectsNothing);
        await images.WriteMaskAsync(TaskBlobNames.RawMask(job.TaskId), mask, CancellationToken.None);
        return new StepReport(clock.Elapsed.TotalSeconds);
    }
}
