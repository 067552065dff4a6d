using Inpaint.Inference.Generation;
using Inpaint.Shared.Generation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.GpuWorker.Tests.Engines;

/// <summary>A batch engine that holds every call until released or cancelled, recording both.</summary>
public sealed class HeldBatchFill : IGenerationEngine
{
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => "held";

    public string Model => "held";

    public bool BatchesSamples => true;

    public TaskCompletionSource<int> Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public EngineControls ControlsFor(double creativity) => EngineControls.Create(Name, creativity);

    public void Release() => release.TrySetResult();

    public async Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        (await GenerateBatchAsync([request], progress, cancellationToken))[0];

    public async Task<IReadOnlyList<Image<Rgba32>>> GenerateBatchAsync(IReadOnlyList<GenerationRequest> requests, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        Entered.TrySetResult(requests.Count);
        try
        {
            await release.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Cancelled.TrySetResult();
            throw;
        }

        return requests.Select(r => r.Crop.Clone()).ToArray();
    }
}
