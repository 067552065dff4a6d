namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>
/// Flow-matching Euler sampler with resolution-dependent shift, as diffusers'
/// <c>FlowMatchEulerDiscreteScheduler</c> with <c>use_dynamic_shifting</c> for FLUX.1:
/// σ = linspace(1, 1/steps, steps); μ = L·m + b with m = (max_shift − base_shift)/(max_seq − base_seq),
/// b = base_shift − m·base_seq (L = packed image sequence length); σ′ = e^μ / (e^μ + (1/σ − 1));
/// timesteps = σ′·1000; a terminal σ = 0 is appended; step x ← x + (σ_next − σ)·v.
/// </summary>
public sealed class FlowMatchEulerScheduler : IScheduler
{
    private readonly double[] _sigmas;

    public FlowMatchEulerScheduler(int steps, int imageSequenceLength, double baseShift = 0.5, double maxShift = 1.15, int baseSequence = 256, int maxSequence = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        double m = (maxShift - baseShift) / (maxSequence - baseSequence);
        double b = baseShift - m * baseSequence;
        Mu = imageSequenceLength * m + b;
        double expMu = Math.Exp(Mu);
        _sigmas = new double[steps + 1];
        var timesteps = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            double sigma = steps == 1 ? 1.0 : 1.0 + (1.0 / steps - 1.0) * i / (steps - 1);
            double shifted = expMu / (expMu + (1 / sigma - 1));
            _sigmas[i] = shifted;
            timesteps[i] = shifted * 1000;
        }
        _sigmas[steps] = 0;
        Timesteps = timesteps;
    }

    /// <summary>The shift exponent μ used for this resolution.</summary>
    public double Mu { get; }

    /// <summary>σ at each step, with the terminal 0.</summary>
    public IReadOnlyList<double> Sigmas => _sigmas;

    public IReadOnlyList<double> Timesteps { get; }

    public double InitNoiseSigma => 1.0;

    public void ScaleModelInput(Span<float> sample, int index)
    {
    }

    public void Step(ReadOnlySpan<float> modelOutput, int index, Span<float> sample)
    {
        float dt = (float)(_sigmas[index + 1] - _sigmas[index]);
        for (int i = 0; i < sample.Length; i++)
            sample[i] += dt * modelOutput[i];
    }

    /// <summary>Flow matching's <c>scale_noise</c>: σ·noise + (1 − σ)·x (σ = 0 after the last step: x itself).</summary>
    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int index, Span<float> destination)
    {
        float s = (float)_sigmas[index];
        for (int i = 0; i < destination.Length; i++)
            destination[i] = s * noise[i] + (1 - s) * original[i];
    }
}
