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
/// Step 1: marks the task running, fetches the image (upload, data or guarded URL), identifies and decodes
/// it within the limits, applies EXIF orientation and stores it as <c>source.png</c>.
/// </summary>
public sealed class PrepareInputActivity(ImageFetcher fetcher, TaskImages images, TaskStore tasks, IOptions<LimitsOptions> limits)
    : TaskActivity<InpaintJob, SourceReport>
{
    public override async Task<SourceReport> RunAsync(TaskActivityContext context, InpaintJob job)
    {
        var clock = Stopwatch.StartNew();
        await tasks.UpdateAsync(job.User, job.TaskId, row =>
        {
            if (row.Status != TaskStatuses.Pending) return false;
            row.Status = TaskStatuses.Running;
            row.StartedAt = DateTimeOffset.UtcNow;
            return true;
        });

        var bytes = await fetcher.FetchAsync(ImageReference.Parse(job.Args.Image), job.User, "image", CancellationToken.None);
        using var source = ImageDecoder.Decode(bytes, "image", limits.Value.Image);
        await images.WriteImageAsync(TaskBlobNames.Source(job.TaskId), source, CancellationToken.None);
        return new SourceReport(source.Width, source.Height, clock.Elapsed.TotalSeconds);
    }
}
