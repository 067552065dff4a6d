using Inpaint.Shared.Generation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Fills;

/// <summary>
/// A fill engine that can say which controls a creativity maps to, and can run several samples as one
/// batch. Sample results of a batch are identical to running each request alone.
/// </summary>
public interface IGenerationEngine : IFillEngine
{
    /// <summary>The engine's documented, monotonic mapping of creativity (0–1.1) to its own controls.</summary>
    EngineControls ControlsFor(double creativity);

    /// <summary>
    /// Generates one image per request, batched where the engine allows. Requests of one batch share the
    /// crop size, prompt and creativity (the samples of one task); they differ in seed.
    /// </summary>
    Task<IReadOnlyList<Image<Rgba32>>> FillBatchAsync(IReadOnlyList<FillRequest> requests, IProgress<FillProgress>? progress, CancellationToken cancellationToken);
}
