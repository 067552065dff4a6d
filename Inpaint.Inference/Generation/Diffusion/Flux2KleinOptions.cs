namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>Settings of <see cref="Flux2Klein"/>; defaults as diffusers' <c>Flux2KleinPipeline</c> for the distilled 4B model.</summary>
public sealed record Flux2KleinOptions
{
    /// <summary>Euler steps: the step-distilled klein models are made for 4.</summary>
    public int Steps { get; init; } = 4;

    /// <summary>Text length when the encoder does not fix it (diffusers <c>max_sequence_length</c> 512).</summary>
    public int MaxSequenceLength { get; init; } = 512;

    /// <summary>The time coordinate of the reference image's position ids (diffusers <c>_prepare_image_ids</c>: scale 10).</summary>
    public int ReferenceTime { get; init; } = 10;

    /// <summary>Model identity recorded with each output.</summary>
    public string ModelId { get; init; } = "flux2-klein-4b";
}
