using Inpaint.Inference.Generation;

namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>
/// Initial latents: standard normal values drawn from the sample's own seed only, so sample i is the
/// same whether it runs alone or in a batch (each batch item gets its own slice from its own seed).
/// </summary>
internal static class GaussianNoise
{
    public static void Fill(Span<float> destination, long seed, double scale = 1.0)
    {
        var rng = SplitMix64.For(seed, 0x4E6F697365L); // "Noise"
        for (int i = 0; i < destination.Length; i++)
            destination[i] = (float)(rng.NextGaussian() * scale);
    }
}
