namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>Settings of <see cref="FluxFill"/>; defaults as diffusers' <c>FluxFillPipeline</c> and FLUX.1 Fill's configs.</summary>
public sealed record FluxFillOptions
{
    /// <summary>Euler steps (diffusers default 50).</summary>
    public int Steps { get; init; } = 50;

    /// <summary>Distilled guidance at the default creativity 0.85 (Fill default 30); see <see cref="DiffusionEngine.ControlsFor"/>.</summary>
    public double GuidanceScale { get; init; } = 30;

    /// <summary>T5 sequence length when the transformer does not fix it (diffusers <c>max_sequence_length</c> 512).</summary>
    public int MaxSequenceLength { get; init; } = 512;

    /// <summary>VAE <c>scaling_factor</c>.</summary>
    public double VaeScale { get; init; } = 0.3611;

    /// <summary>VAE <c>shift_factor</c>.</summary>
    public double VaeShift { get; init; } = 0.1159;

    /// <summary>Scheduler config: <c>base_shift</c>, <c>max_shift</c>, <c>base_image_seq_len</c>, <c>max_image_seq_len</c>.</summary>
    public double BaseShift { get; init; } = 0.5;

    public double MaxShift { get; init; } = 1.15;

    public int BaseSequence { get; init; } = 256;

    public int MaxSequence { get; init; } = 4096;

    /// <summary>
    /// Soft inpainting (<see cref="DifferentialDiffusion"/>) with the request's feathered alpha: the feather is
    /// generated over the steps, not only blended. Off, or for a request without an alpha: the binary mask alone.
    /// </summary>
    public bool SoftInpainting { get; init; } = true;

    /// <summary>Model identity recorded with each output.</summary>
    public string ModelId { get; init; } = "flux.1-fill-dev";
}
