using Inpaint.Shared.Generation;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Worker;

/// <summary>
/// <see cref="IGenerationEngine"/> that runs on the GPU worker: the crop and mask are staged in Blob storage,
/// <c>POST /v1/diffuse</c> fills them (retried on transient failures by <see cref="WorkerClient"/>), and the
/// sample is read back. The worker reports no step progress over HTTP, so progress is reported once, at the end.
/// The worker chooses the engine per prompt when no <c>FillModel</c> is configured: after a fill, <see cref="Name"/>,
/// <see cref="Model"/> and <see cref="Warning"/> are the worker's answer (registered transient: one per activity).
/// </summary>
public sealed class WorkerGenerationEngine(WorkerClient client, WorkerStaging staging, IOptions<WorkerClientOptions> options) : IGenerationEngine, IReportsRun
{
    private DiffuseWorkResponse? _last;

    public string Name => _last?.Engine ?? options.Value.FillModel ?? "worker";

    public string Model => _last?.Model ?? options.Value.FillModel ?? "worker";

    public string? Warning => _last?.Warning;

    public async Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var (image, imageHash) = await staging.PutImageAsync(request.Crop, "crop.png", cancellationToken);
        var (mask, _) = await staging.PutMaskAsync(request.Mask, "mask.png", cancellationToken);
        var output = staging.Reference($"{imageHash}/sample-{request.Seed}.png");
        var response = await client.DiffuseAsync(
            new DiffuseWorkRequest(image, mask, request.Prompt, request.Creativity, request.Seed, [output], options.Value.FillModel),
            cancellationToken);
        _last = response;
        var sample = await staging.GetImageAsync(response.Outputs[0], cancellationToken);
        await staging.DeleteAsync([image, mask, response.Outputs[0]], cancellationToken);
        progress?.Report(new GenerationProgress(1, 1));
        return sample;
    }
}
