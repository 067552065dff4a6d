using System.Diagnostics;
using Inpaint.Shared.Generation;
using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// Step 4, once per sample: the generation engine generates new content in the grown mask of the working crop.
/// Writes <c>sample-{i}.png</c>; a retry overwrites the same name.
/// </summary>
public sealed class GenerateActivity(IGenerationEngine engine, TaskImages images) : TaskActivity<GenerateInput, SampleReport>
{
    public override async Task<SampleReport> RunAsync(TaskActivityContext context, GenerateInput input)
    {
        var clock = Stopwatch.StartNew();
        using var crop = await images.ReadImageAsync(TaskBlobNames.Crop(input.TaskId), CancellationToken.None);
        var mask = await images.ReadMaskAsync(TaskBlobNames.Mask(input.TaskId), CancellationToken.None);
        var request = new GenerationRequest(crop, mask, input.Prompt, input.Creativity, input.Seed);
        using var sample = await engine.GenerateAsync(request, progress: null, CancellationToken.None);
        await images.WriteImageAsync(TaskBlobNames.Sample(input.TaskId, input.Index), sample, CancellationToken.None);
        return new SampleReport(input.Index, engine.Name, engine.Model, clock.Elapsed.TotalSeconds, engine.ControlsFor(input.Creativity).Values);
    }
}
