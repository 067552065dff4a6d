using Inpaint.Shared.Generation;
using Inpaint.Shared.Orchestration;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Worker;

/// <summary>
/// <see cref="IGenerationEngine"/> that runs on the GPU worker. A task's sample goes by reference
/// (<see cref="IGeneratesTaskSamples"/>, <c>POST /v1/generate</c>): the worker reads the task's crop, mask and
/// alpha and writes <c>sample-{i}.png</c> itself. Pixels that are not a task's (<see cref="GenerateAsync"/>) are
/// staged in Blob storage for <c>POST /v1/diffuse</c> and the sample is read back (without the request's
/// <see cref="GenerationRequest.Alpha"/>: <c>/v1/diffuse</c> takes none; the orchestration never uses this path). Each call is one attempt; the
/// caller's retry policy retries. The worker reports no step progress over HTTP, so progress is reported once, at
/// the end. The worker chooses the engine per prompt when no <c>FillModel</c> is configured: after a fill,
/// <see cref="Name"/>, <see cref="Model"/>, <see cref="ControlsFor"/> and <see cref="Warning"/> are the worker's
/// answer (registered transient: one per activity).
/// </summary>
public sealed class WorkerGenerationEngine(WorkerClient client, WorkerStaging staging, IOptions<WorkerClientOptions> options)
    : IGenerationEngine, IGeneratesTaskSamples, IReportsRun
{
    private string? _engine, _model, _warning;
    private IReadOnlyDictionary<string, double>? _controls;

    public string Name => _engine ?? options.Value.FillModel ?? "worker";

    public string Model => _model ?? options.Value.FillModel ?? "worker";

    public string? Warning => _warning;

    public EngineControls ControlsFor(double creativity) =>
        _controls is { } controls ? new EngineControls(Name, creativity, controls) : EngineControls.Create(Name, creativity);

    public async Task GenerateSampleAsync(GenerateInput sample, CancellationToken cancellationToken)
    {
        var response = await client.GenerateAsync(GenerateWorkRequest.ForSample(sample, options.Value.FillModel), cancellationToken);
        (_engine, _model, _controls, _warning) = (response.Engine, response.Model, response.Controls, response.Warning);
    }

    public async Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var (image, imageHash) = await staging.PutImageAsync(request.Crop, "crop.png", cancellationToken);
        var (mask, _) = await staging.PutMaskAsync(request.Mask, "mask.png", cancellationToken);
        var output = staging.Reference($"{imageHash}/sample-{request.Seed}.png");
        var response = await client.DiffuseAsync(
            new DiffuseWorkRequest(image, mask, request.Prompt, request.Creativity, request.Seed, [output], options.Value.FillModel),
            cancellationToken);
        (_engine, _model, _controls, _warning) = (response.Engine, response.Model, null, response.Warning);
        var sample = await staging.GetImageAsync(response.Outputs[0], cancellationToken);
        await staging.DeleteAsync([image, mask, response.Outputs[0]], cancellationToken);
        progress?.Report(new GenerationProgress(1, 1));
        return sample;
    }
}
