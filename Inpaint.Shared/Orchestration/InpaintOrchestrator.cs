using Inpaint.Shared.Contracts;
using Inpaint.Shared.Orchestration.Activities;
using Inpaint.Shared.Tasks;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Inpaint.Shared.Orchestration;

/// <summary>
/// One inpainting task, as ARCHITECTURE §1 tells it: prepare the input, select the region, refine the mask,
/// generate n samples, composite each into the original, finalize the task row. Deterministic: time comes
/// from the context, payloads are blob names and numbers.
/// </summary>
public sealed class InpaintOrchestrator(RetryPolicies retries) : TaskOrchestrator<InpaintJob, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, InpaintJob job)
    {
        var log = context.CreateReplaySafeLogger<InpaintOrchestrator>();
        var timer = new StepTimer(context, job.CreatedAt);
        var samples = job.Args.NSamples;
        var step = TaskSteps.Prepare;
        try
        {
            var source = await context.CallActivityAsync<SourceReport>(nameof(PrepareInputActivity), job, retries.Step);
            timer.Started();
            timer.Record(step, source.RunSeconds);

            step = TaskSteps.SelectRegion;
            var regionInput = new RegionInput(job, source.Width, source.Height);
            var region = await context.CallActivityAsync<StepReport>(RegionActivity(job.Args), regionInput, retries.Step);
            timer.Record(step, region.RunSeconds);

            step = TaskSteps.RefineMask;
            var crop = await context.CallActivityAsync<CropReport>(nameof(RefineMaskActivity), job, retries.Step);
            timer.Record(step, crop.RunSeconds);

            // Each sample is its own pipeline (generate, then composite), so one sample that fails for good
            // does not take the others down; the refund covers exactly the samples not delivered.
            step = TaskSteps.Generate;
            unfinishedSamples = samples;
            var pipelines = Enumerable.Range(0, samples).Select(i => SampleAsync(context, job, crop, i));
            var finished = (await Task.WhenAll(pipelines)).Where(s => s is not null).Select(s => s!.Value).ToArray();
            if (finished.Length == 0) throw finishedFailure!;
            timer.Record(TaskSteps.GenerateTiming, finished.Max(s => s.Sample.RunSeconds));
            timer.Record(TaskSteps.Composite, finished.Max(s => s.Output.RunSeconds), addElapsed: false);
            var delivered = finished.Select(s => Stored(job, crop, s.Output, s.Sample)).ToArray();
            await Finalize(context, job, TaskStatuses.Completed, null, delivered, timer);
            log.LogInformation("Task {TaskId} completed with {Delivered} of {Samples} samples", job.TaskId, delivered.Length, samples);
            return TaskStatuses.Completed;
        }
        catch (TaskFailedException failed)
        {
            var error = PermanentFailures.Describe(failed.FailureDetails, step);
            log.LogWarning("Task {TaskId} failed during {Step}: {Error}", job.TaskId, step, failed.FailureDetails.ErrorMessage);
            await Finalize(context, job, TaskStatuses.Failed, error, [], timer);
            return TaskStatuses.Failed;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug in the orchestration itself: never leave the row running forever; fail it, then let Durable record why.
            log.LogError(e, "Task {TaskId} orchestration crashed during {Step}", job.TaskId, step);
            await Finalize(context, job, TaskStatuses.Failed, $"internal error during {step}", [], timer);
            throw;
        }
    }

    /// <summary>The first permanent failure among samples, reported when no sample could be delivered.</summary>
    private TaskFailedException? finishedFailure;

    /// <summary>Sample pipelines that have neither delivered nor failed yet.</summary>
    private int unfinishedSamples;

    private async Task<(SampleReport Sample, OutputReport Output)?> SampleAsync(TaskOrchestrationContext context, InpaintJob job, CropReport crop, int index)
    {
        var counted = false;
        try
        {
            // Every part of the region is generated with the sample's seed; the sample is still one sample (one price).
            var parts = await Task.WhenAll(crop.Boxes.Select((_, part) => context.CallActivityAsync<SampleReport>(
                nameof(GenerateActivity),
                new GenerateInput(job.TaskId, index, job.Seed + index, job.Args.InpaintingPrompt, job.Args.Creativity, part),
                retries.Generation)));
            var sample = parts[0] with { RunSeconds = parts.Max(p => p.RunSeconds), Warning = parts.Select(p => p.Warning).FirstOrDefault(w => w is not null) };
            var output = await context.CallActivityAsync<OutputReport>(
                nameof(CompositeActivity),
                new CompositeInput(job.TaskId, index, crop.Boxes, job.Args.OutputFormat, job.Args.ColorMatch, Feathered: job.Args.MaskExpand > 0 || job.Args.MaskBlur > 0),
                retries.Step);
            // Published in the task's result now, while the other samples are still being made. The last one to
            // finish (the only one, by default) goes straight into the final row: Finalize is the next step.
            counted = true;
            if (--unfinishedSamples > 0)
            {
                await context.CallActivityAsync<bool>(
                    nameof(DeliverSampleActivity), new DeliverSampleInput(job.TaskId, job.User, Stored(job, crop, output, sample)), retries.Step);
            }

            return (sample, output);
        }
        catch (TaskFailedException failed)
        {
            if (!counted) unfinishedSamples--;
            finishedFailure ??= failed;
            return null;
        }
    }

    private static string RegionActivity(InpaintArgs args) => args.Region switch
    {
        RegionSource.Prompt => nameof(SegmentRegionActivity),
        RegionSource.Foreground => nameof(DetectForegroundActivity),
        _ => nameof(LoadMaskActivity),
    };

    private static StoredSample Stored(InpaintJob job, CropReport crop, OutputReport output, SampleReport sample) => new(
        output.Index,
        output.Blob,
        TaskBlobNames.Alpha(job.TaskId),
        TaskBlobNames.Preview(job.TaskId),
        output.Width,
        output.Height,
        output.MimeType,
        job.Seed + output.Index,
        sample.Engine,
        sample.Model,
        sample.Controls,
        sample.Warning,
        crop.Boxes[0].WorkWidth,
        crop.Boxes[0].WorkHeight,
        CropArea.Of(crop.Boxes[0]),
        crop.Boxes.Select(CropArea.Of).ToList());

    private async Task Finalize(TaskOrchestrationContext context, InpaintJob job, string status, string? error, IReadOnlyList<StoredSample> samples, StepTimer timer)
    {
        await context.CallActivityAsync<bool>(
            nameof(FinalizeTaskActivity),
            new FinalizeInput(job.TaskId, job.User, status, error, samples, timer.Performance()),
            retries.Step);
        await TaskEndNotifications.RunAsync(context, new TaskEndedInput(job.TaskId, job.User, job.Drop, job.Args.WebhookUrl), retries);
    }
}
