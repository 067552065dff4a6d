using Inpaint.Shared.Generation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.GpuWorker.Tests.Engines;

/// <summary>
/// A fill engine that holds the GPU lane until the test opens the gate (or the call is cancelled), so tests
/// can fill the queue, cancel running work, or run into the time limit. Output: the crop, unchanged.
/// </summary>
public sealed class GateFill(string name = "gate") : IGenerationEngine
{
    private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name { get; } = name;

    public string Model => Name;

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Started;

    public void Open() => gate.TrySetResult();

    public async Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Started);
        Entered.TrySetResult();
        try
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Cancelled.TrySetResult();
            throw;
        }

        return request.Crop.Clone();
    }
}
