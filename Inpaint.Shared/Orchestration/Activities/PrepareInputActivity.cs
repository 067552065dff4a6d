using System.Diagnostics;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Inputs;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Limits;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// Step 1: marks the task running, fetches the image (upload, data or guarded URL), identifies it within the
/// limits and stores it as the task's <c>source</c>. An upright image is stored as the bytes that came — no
/// decode, no re-encode (the steps that need pixels decode it once each); one with an EXIF rotation is
/// decoded, turned upright once, and stored as a fast lossless PNG.
/// </summary>
public sealed class PrepareInputActivity(ImageFetcher fetcher, TaskImages images, TaskStore tasks, IOptions<LimitsOptions> limits)
    : TaskActivity<InpaintJob, SourceReport>
{
    public override async Task<SourceReport> RunAsync(TaskActivityContext context, InpaintJob job)
    {
        var clock = Stopwatch.StartNew();
        // The row and the source are independent writes: both at once, and both observed if either fails.
        var running = tasks.UpdateAsync(job.User, job.TaskId, row =>
        {
            if (row.Status != TaskStatuses.Pending) return false;
            row.Status = TaskStatuses.Running;
            row.StartedAt = DateTimeOffset.UtcNow;
            row.Step = TaskSteps.Prepare;
            return true;
        });
        var stored = StoreSourceAsync(job);
        await Task.WhenAll(running, stored);
        var header = await stored;
        return new SourceReport(header.Width, header.Height, clock.Elapsed.TotalSeconds);
    }

    private async Task<ImageHeader> StoreSourceAsync(InpaintJob job)
    {
        var bytes = await fetcher.FetchAsync(ImageReference.Parse(job.Args.Image), job.User, "image", CancellationToken.None);
        var header = ImageDecoder.Identify(bytes, "image", limits.Value.Image);
        if (header.Orientation == ImageHeader.Upright)
        {
            await images.WriteSourceAsync(job.TaskId, bytes, header.MimeType, CancellationToken.None);
        }
        else
        {
            using var upright = ImageDecoder.Decode(bytes, "image", limits.Value.Image);
            await images.WriteImageAsync(TaskBlobNames.Source(job.TaskId), upright, CancellationToken.None);
        }

        return header;
    }
}
