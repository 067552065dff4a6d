using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Generation;

/// <summary>
/// A fill engine that can run several samples of the same size as one batch (one model call per step for
/// all of them). The GPU worker groups concurrent requests into such batches. Contract: result <c>i</c>
/// equals what <see cref="IFillEngine.FillAsync"/> returns for <c>requests[i]</c> alone, pixel for pixel
/// (each sample keeps its own seed, prompt and creativity).
/// </summary>
public interface IBatchFillEngine : IFillEngine
{
    /// <summary>Fills every request; all crops have the same size. Progress counts the batch's steps.</summary>
    Task<IReadOnlyList<Image<Rgba32>>> FillBatchAsync(IReadOnlyList<FillRequest> requests, IProgress<FillProgress>? progress, CancellationToken cancellationToken);
}
