namespace Inpaint.Inference.Generation;

/// <summary>
/// Which generation engines a host runs (configuration section <c>Generation</c>): the configured engine
/// (<c>Generation__Engine=flux-fill</c>, <c>Generation__ModelPath=/models/flux-fill</c>), and the installed models
/// the best one per task is chosen from (<see cref="RemovalModels"/>, <see cref="GenerativeModels"/>).
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

    /// <summary>
    /// Installed models (names in the model store) tried in order for an empty prompt; the first installed one
    /// serves removals, else the engine above (PatchMatch by default). Comma-separated (one environment variable,
    /// <c>Generation__RemovalModels=lama,migan</c>; a list would be appended to by the configuration binder).
    /// </summary>
    public string RemovalModels { get; init; } = "migan,lama,lama-int8";

    /// <summary>Installed models tried in order for a prompt (<c>flux1-fill-dev</c> is a FLUX.1 Fill export
    /// imported under that name: there is no public one to pull).</summary>
    public string GenerativeModels { get; init; } = "flux2-klein-4b,flux1-fill-dev,sd15-inpaint";

    /// <summary>
    /// When no generative engine is installed: true fills a prompted task with the removal engine and records a
    /// warning in the task and each result; false refuses the prompt at creation (400 naming the command that
    /// installs one). Null: the host's default — on in the local stack (demos and clients keep working without
    /// models), off on the GPU worker and in Azure.
    /// </summary>
    public bool? PromptFallback { get; init; }
}
