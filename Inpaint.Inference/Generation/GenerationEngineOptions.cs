namespace Inpaint.Inference.Generation;

/// <summary>
/// Which generation engine a host runs (configuration section <c>Generation</c>, e.g.
/// <c>Generation__Engine=flux-fill</c>, <c>Generation__ModelFolder=/models/flux-fill</c>).
/// </summary>
public sealed record GenerationEngineOptions
{
    public const string Section = "Generation";

    /// <summary><c>patchmatch</c> (default, no weights), <c>harmonic</c> (no weights, smooth), <c>lama</c>, <c>sd-inpaint</c> or <c>flux-fill</c>.</summary>
    public string Engine { get; init; } = "patchmatch";

    /// <summary>
    /// Where the engine's export lives: for <c>lama</c> the <c>.onnx</c> file, for <c>sd-inpaint</c> and
    /// <c>flux-fill</c> the export's folder (layouts in <see cref="Diffusion.StableDiffusionModels.Load"/> and
    /// <see cref="Diffusion.FluxFillModels.Load"/>).
    /// </summary>
    public string? ModelPath { get; init; }

    /// <summary>Denoising steps for the diffusion engines (null: the reference pipeline's default).</summary>
    public int? Steps { get; init; }

    /// <summary>Try CUDA first (falls back to CPU when it does not load).</summary>
    public bool UseCuda { get; init; }
}
