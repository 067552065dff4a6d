using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Generation;

/// <summary>
/// Puts new content into the masked region of a working-size crop. Implementations: the classical
/// fills (harmonic, PatchMatch) and the diffusion pipelines, in-process or through the GPU worker.
/// The returned image has the crop's size; pixels outside the mask may differ (the composite step
/// restores them from the original).
/// </summary>
public interface IFillEngine
{
    /// <summary>Engine name recorded in each output (for example <c>harmonic</c>, <c>patchmatch</c>, <c>flux-fill</c>).</summary>
    string Name { get; }

    /// <summary>Model identity recorded in each output (file or version); the engine name when it has no weights.</summary>
    string Model { get; }

    /// <summary>
    /// The engine's own controls derived from <paramref name="creativity"/> by its documented, monotonic mapping
    /// (for example <c>guidance_scale</c>), recorded with each output. Engines without controls record none.
    /// </summary>
    IReadOnlyDictionary<string, double> Controls(double creativity) => new Dictionary<string, double>();

    Task<Image<Rgba32>> FillAsync(FillRequest request, IProgress<FillProgress>? progress, CancellationToken cancellationToken);
}
