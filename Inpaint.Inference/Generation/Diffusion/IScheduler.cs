namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>
/// A diffusion sampler's schedule and update rule, for one generation (implementations keep per-run
/// state such as the previous step's sample, so create one per generation). Step indices run from 0 to
/// <see cref="Timesteps"/>.Count − 1. Latents are flat arrays; a batch is processed item-independently.
/// </summary>
public interface IScheduler
{
    /// <summary>The model timesteps in the order they are visited (e.g. 981, 961, … for DDIM; σ·1000 for flow matching).</summary>
    IReadOnlyList<double> Timesteps { get; }

    /// <summary>Standard deviation of the initial noise (1 for DDIM and flow matching).</summary>
    double InitNoiseSigma { get; }

    /// <summary>Scales the model input at step <paramref name="index"/> in place (identity for DDIM and flow matching).</summary>
    void ScaleModelInput(Span<float> sample, int index);

    /// <summary>Advances <paramref name="sample"/> in place from step <paramref name="index"/> to the next, given the model's output.</summary>
    void Step(ReadOnlySpan<float> modelOutput, int index, Span<float> sample);

    /// <summary>
    /// Noises a clean sample to the level of step <paramref name="index"/>: the level the sample has before that
    /// step (strength below 1, differential diffusion). <paramref name="index"/> may be <see cref="Timesteps"/>.Count,
    /// the level after the last step, which is the clean sample itself (what the pipeline decodes).
    /// </summary>
    void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int index, Span<float> destination);
}
