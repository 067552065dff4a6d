namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>Settings of <see cref="StableDiffusionInpaint"/>; defaults as diffusers' inpainting pipeline.</summary>
public sealed record StableDiffusionOptions
{
    /// <summary>Denoising steps (diffusers default 50).</summary>
    public int Steps { get; init; } = 50;

    /// <summary>Classifier-free guidance at the default creativity 0.85 (diffusers default 7.5); see <see cref="DiffusionEngine.ControlsFor"/>.</summary>
    public double GuidanceScale { get; init; } = 7.5;

    /// <summary>Negative prompt: the unconditional half of classifier-free guidance (empty = plain unconditional).</summary>
    public string NegativePrompt { get; init; } = "";

    /// <summary>VAE latent scaling factor of SD 1.x/2.x.</summary>
    public double LatentScale { get; init; } = 0.18215;

    /// <summary>
    /// Soft inpainting (<see cref="DifferentialDiffusion"/>) with the request's feathered alpha: the feather is
    /// generated over the steps, not only blended. Off, or for a request without an alpha: the binary mask alone.
    /// </summary>
    public bool SoftInpainting { get; init; } = true;

    /// <summary>Model identity recorded with each output.</summary>
    public string ModelId { get; init; } = "stable-diffusion-inpainting";

    /// <summary>Creates the sampler for one generation; DDIM (η = 0) by default.</summary>
    public Func<int, IScheduler> Scheduler { get; init; } = steps => new DdimScheduler(steps);
}
