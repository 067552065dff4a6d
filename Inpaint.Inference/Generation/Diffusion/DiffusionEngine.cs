using Inpaint.Shared.Generation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>
/// What the diffusion pipelines share: creativity → <c>guidance_scale</c> by <see cref="GuidanceMapping"/>,
/// fixed steps, <c>strength</c> 1 (fresh latents, as the references); a single request is a batch of one;
/// a batch is validated (<see cref="DiffusionBatch"/>) and run off the caller's thread. Subclasses write only
/// the pipeline itself (<see cref="Generate"/>).
/// </summary>
public abstract class DiffusionEngine : IGenerationEngine
{
    public abstract string Name { get; }

    public abstract string Model { get; }

    /// <summary>A batch is one set of model calls over all its samples.</summary>
    public bool BatchesSamples => true;

    /// <summary>Guidance at the default creativity 0.85 (the reference pipeline's default).</summary>
    protected abstract double GuidanceScale { get; }

    /// <summary>Denoising steps.</summary>
    protected abstract int Steps { get; }

    public EngineControls ControlsFor(double creativity) => EngineControls.Create(Name, creativity,
        ("guidance_scale", GuidanceMapping.Guidance(GuidanceScale, creativity)),
        ("num_inference_steps", Steps),
        ("strength", 1.0));

    public async Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        (await GenerateBatchAsync([request], progress, cancellationToken).ConfigureAwait(false))[0];

    public Task<IReadOnlyList<Image<Rgba32>>> GenerateBatchAsync(IReadOnlyList<GenerationRequest> requests, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        DiffusionBatch.Validate(requests);
        return Task.Run(() => Generate(requests, progress, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Sees the batch's latents at every level, in the engine's own layout: 0 the initial latents, k + 1 those
    /// after step k. For tests that check a trajectory (the array is the live one: copy what you keep).
    /// </summary>
    internal Action<int, float[]>? LatentsObserver { get; init; }

    /// <summary>Runs the pipeline on a validated batch (same size, prompt and creativity), on a pool thread.</summary>
    protected abstract IReadOnlyList<Image<Rgba32>> Generate(IReadOnlyList<GenerationRequest> requests, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken);
}
