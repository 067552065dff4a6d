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
public sealed class InpaintOrchestrator : TaskOrchestrator<InpaintJob, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, InpaintJob job)
    {
        var log = context.CreateReplaySafeLogger<InpaintOrchestrator>();
        var timer = new StepTimer(context, job.CreatedAt);
        var samples = job.Args.NSamples;
        var step = "prepare";
        try
        {
            Progress(context, step, 0, samples);
            var source = await context.CallActivityAsync<SourceReport>(nameof(PrepareInputActivity), job, RetryPolicies.Step);
            timer.Started();
            timer.Record(step, source.RunSeconds);

            step = "select-region";
            Progress(context, step, 0, samples);
            var regionInput = new RegionInput(job, source.Width, source.Height);
            var region = await context.CallActivityAsync<StepReport>(RegionActivity(job.Args), regionInput, RetryPolicies.Step);
            timer.Record(step, region.RunSeconds);

            step = "refine-mask";
            Progress(context, step, 0, samples);
            var crop = await context.CallActivityAsync<CropReport>(nameof(RefineMaskActivity), job, RetryPolicies.Step);
            timer.Record(step, crop.RunSeconds);

            step = "diffuse";
            Progress(context, step, 0, samples);
            var generated = await Task.WhenAll(Enumerable.Range(0, samples).Select(i =>
                context.CallActivityAsync<SampleReport>(
                    nameof(DiffuseActivity),
                    new DiffuseInput(job.TaskId, i, job.Seed + i, job.Args.InpaintingPrompt, job.Args.Creativity),
                    RetryPolicies.Generation)));
            timer.Record(step, generated.Max(s => s.RunSeconds));

            step = "composite";
            Progress(context, step, 0, samples);
            var outputs = await Task.WhenAll(Enumerable.Range(0, samples).Select(i =>
                context.CallActivityAsync<OutputReport>(
                    nameof(CompositeActivity),
                    new CompositeInput(job.TaskId, i, crop.Box, job.Args.OutputFormat),
                    RetryPolicies.Step)));
            timer.Record(step, outputs.Max(o => o.RunSeconds));

            var delivered = outputs.Select(o => Stored(job, o, generated[o.Index])).ToArray();
            Progress(context, "finalize", samples, samples);
            await Finalize(context, job, TaskStatuses.Completed, null, delivered, timer);
            log.LogInformation("Task {TaskId} completed with {Samples} samples", job.TaskId, samples);
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

    private static string RegionActivity(InpaintArgs args) => args.Region switch
    {
        RegionSource.Prompt => nameof(SegmentRegionActivity),
        RegionSource.Foreground => nameof(DetectForegroundActivity),
        _ => nameof(LoadMaskActivity),
    };

    private static StoredSample Stored(InpaintJob job, OutputReport output, SampleReport sample) => new(
        output.Index,
        output.Blob,
        TaskBlobNames.Alpha(job.TaskId),
        TaskBlobNames.Preview(job.TaskId),
        output.Width,
        output.Height,
        output.MimeType,
        job.Seed + output.Index,
        sample.Engine,
        sample.Model);

    private static Task Finalize(TaskOrchestrationContext context, InpaintJob job, string status, string? error, IReadOnlyList<StoredSample> samples, StepTimer timer) =>
        context.CallActivityAsync<bool>(
            nameof(FinalizeTaskActivity),
            new FinalizeInput(job.TaskId, job.User, status, error, samples, timer.Performance()),
            RetryPolicies.Step);

    private static void Progress(TaskOrchestrationContext context, string step, int done, int total) =>
        context.SetCustomStatus(new ProgressStatus(step, done, total));
}
