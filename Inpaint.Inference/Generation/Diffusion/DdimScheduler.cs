namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>
/// DDIM (Song et al. 2020) with η = 0, as diffusers' <c>DDIMScheduler</c> configured from Stable Diffusion
/// inpainting's <c>scheduler_config.json</c>: <c>scaled_linear</c> betas 0.00085 → 0.012 over 1000 training
/// steps, <c>steps_offset</c> 1, <c>set_alpha_to_one</c> false, ε-prediction, "leading" timestep spacing.
/// Deterministic: all randomness is in the initial latents.
/// </summary>
public sealed class DdimScheduler : IScheduler
{
    private readonly double[] _alphasCumprod;
    private readonly int[] _timesteps;
    private readonly double _finalAlphaCumprod;
    private readonly int _stepRatio;

    public DdimScheduler(int steps, int trainSteps = 1000, double betaStart = 0.00085, double betaEnd = 0.012, int stepsOffset = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, trainSteps);
        _alphasCumprod = new double[trainSteps];
        double product = 1;
        double sqrtStart = Math.Sqrt(betaStart), sqrtEnd = Math.Sqrt(betaEnd);
        for (int i = 0; i < trainSteps; i++)
        {
            // scaled_linear: betas = linspace(√start, √end, n)²
            double b = sqrtStart + (sqrtEnd - sqrtStart) * i / (trainSteps - 1);
            product *= 1 - b * b;
            _alphasCumprod[i] = product;
        }
        _finalAlphaCumprod = _alphasCumprod[0]; // set_alpha_to_one = false
        _stepRatio = trainSteps / steps;
        _timesteps = new int[steps];
        for (int i = 0; i < steps; i++)
            _timesteps[i] = (steps - 1 - i) * _stepRatio + stepsOffset;
        Timesteps = Array.ConvertAll(_timesteps, t => (double)t);
    }

    public IReadOnlyList<double> Timesteps { get; }

    public double InitNoiseSigma => 1.0;

    public void ScaleModelInput(Span<float> sample, int index)
    {
    }

    public void Step(ReadOnlySpan<float> modelOutput, int index, Span<float> sample)
    {
        int t = _timesteps[index];
        int prev = t - _stepRatio;
        double alpha = _alphasCumprod[t];
        double alphaPrev = prev >= 0 ? _alphasCumprod[prev] : _finalAlphaCumprod;
        double sqrtAlpha = Math.Sqrt(alpha), sqrtOneMinusAlpha = Math.Sqrt(1 - alpha);
        double sqrtAlphaPrev = Math.Sqrt(alphaPrev), sqrtOneMinusAlphaPrev = Math.Sqrt(1 - alphaPrev);
        for (int i = 0; i < sample.Length; i++)
        {
            double eps = modelOutput[i];
            double x0 = (sample[i] - sqrtOneMinusAlpha * eps) / sqrtAlpha;
            sample[i] = (float)(sqrtAlphaPrev * x0 + sqrtOneMinusAlphaPrev * eps);
        }
    }

    public void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int index, Span<float> destination)
    {
        // After the last step the pipeline decodes the sample as clean (the step lands on ᾱ_final = ᾱ₀, which
        // with set_alpha_to_one false leaves √(1 − ᾱ₀) ≈ 0.03 of predicted noise the decoder ignores): ᾱ = 1 there.
        double alpha = index == _timesteps.Length ? 1.0 : _alphasCumprod[_timesteps[index]];
        float a = (float)Math.Sqrt(alpha), b = (float)Math.Sqrt(1 - alpha);
        for (int i = 0; i < destination.Length; i++)
            destination[i] = a * original[i] + b * noise[i];
    }
}
