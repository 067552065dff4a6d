using System.Diagnostics;
using Inpaint.Shared.Generation;
using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// Step 4, once per sample and part of the region: the engine chosen for the task's prompt (<see cref="IGenerationEngineChooser"/>:
/// removal for an empty prompt, generative otherwise) generates new content in the grown mask of the working
/// crop of the part. Writes <c>sample-{i}.png</c> (<c>sample-{i}-{k}.png</c> for part k &gt; 0); a retry overwrites the same name. An engine that works by reference (the
/// GPU worker, <see cref="IGeneratesTaskSamples"/>) reads the task's blobs and writes the sample itself; any other
/// runs here on the decoded crop, mask and alpha.
/// </summary>
public sealed class GenerateActivity(IGenerationEngineChooser engines, TaskImages images) : TaskActivity<GenerateInput, SampleReport>
{
    public override async Task<SampleReport> RunAsync(TaskActivityContext context, GenerateInput input)
    {
        var clock = Stopwatch.StartNew();
        var (engine, warning) = engines.Choose(input.Prompt);
        if (engine is IGeneratesTaskSamples byReference)
            await byReference.GenerateSampleAsync(input, CancellationToken.None);
        else
            await GenerateHereAsync(engine, input);

        // An engine that learns what ran only by running (the GPU worker) reports its own warning.
        warning ??= (engine as IReportsRun)?.Warning;
        return new SampleReport(input.Index, engine.Name, engine.Model, clock.Elapsed.TotalSeconds, engine.ControlsFor(input.Creativity).Values, warning);
    }

    private async Task GenerateHereAsync(IGenerationEngine engine, GenerateInput input)
    {
        var cropRead = images.ReadImageAsync(TaskBlobNames.Crop(input.TaskId, input.Part), CancellationToken.None);
        var maskRead = images.ReadMaskAsync(TaskBlobNames.Mask(input.TaskId, input.Part), CancellationToken.None);
        var alphaRead = images.ReadMaskAsync(TaskBlobNames.Alpha(input.TaskId, input.Part), CancellationToken.None);
        using var crop = await cropRead;
        var request = new GenerationRequest(crop, await maskRead, input.Prompt, input.Creativity, input.Seed, await alphaRead);
        using var sample = await engine.GenerateAsync(request, progress: null, CancellationToken.None);
        await images.WriteImageAsync(TaskBlobNames.Sample(input.TaskId, input.Index, input.Part), sample, CancellationToken.None);
    }
}
