using Inpaint.Inference.Generation;
using Inpaint.Shared.Generation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Testing;

/// <summary>A real fill that holds every sample until the test releases it, to catch a task while it runs.</summary>
public sealed class GatedEngine : IGenerationEngine
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HarmonicFill _inner = new();

    /// <summary>Completes when the first sample reaches the engine.</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => _inner.Name;

    public string Model => _inner.Model;

    public void Release() => _open.TrySetResult();

    public async Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        Entered.TrySetResult();
        await _open.Task;
        return await _inner.GenerateAsync(request, progress, cancellationToken);
    }
}
