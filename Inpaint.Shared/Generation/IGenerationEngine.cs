using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Generation;

/// <summary>
/// Generates new content in the masked region of a working-size crop. Implementations: the classical
/// fills (harmonic, PatchMatch), LaMa and the diffusion pipelines in-process, or the GPU worker over HTTP.
/// The returned image has the crop's size; pixels outside the mask may differ (the composite step
/// restores them from the original).
/// </summary>
public interface IGenerationEngine
{
    /// <summary>Engine name recorded in each output (for example <c>harmonic</c>, <c>patchmatch</c>, <c>flux-fill</c>).</summary>
    string Name { get; }

    /// <summary>Model identity recorded in each output (file or version); the engine name when it has no weights.</summary>
    string Model { get; }

    /// <summary>
    /// True when <see cref="GenerateBatchAsync"/> runs the samples together (one batched model call). False
    /// (the default): the batch call only loops over <see cref="GenerateAsync"/>, so the worker's queue runs
    /// such an engine's samples one by one, each with its caller's own cancellation.
    /// </summary>
    bool BatchesSamples => false;

    /// <summary>
    /// The engine's documented, monotonic mapping of creativity (0–1.1) to its own controls (for example
    /// <c>guidance_scale</c>), recorded with each output. Engines without controls record none.
    /// </summary>
    EngineControls ControlsFor(double creativity) => EngineControls.Create(Name, creativity);

    Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Generates one image per request, in request order. Requests of one batch share the crop size, prompt
    /// and creativity (the samples of one task); they differ in seed. Sample results of a batch are identical
    /// to running each request alone.
    /// </summary>
    async Task<IReadOnlyList<Image<Rgba32>>> GenerateBatchAsync(IReadOnlyList<GenerationRequest> requests, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var images = new List<Image<Rgba32>>(requests.Count);
        foreach (var request in requests)
            images.Add(await GenerateAsync(request, progress, cancellationToken).ConfigureAwait(false));
        return images;
    }
}
