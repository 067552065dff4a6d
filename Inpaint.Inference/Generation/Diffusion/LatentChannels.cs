using Inpaint.Inference.Sessions;

namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>VAE encoder outputs → latents: the first <c>channels</c> (the mean, when the export returns mean ‖ log-variance).</summary>
internal static class LatentChannels
{
    /// <summary>
    /// Takes channels [0, <paramref name="channels"/>) of a [B, C, h, w] output (C = channels for an already
    /// sampled <c>latent_sample</c>, 2·channels for Optimum's <c>latent_parameters</c>) and returns
    /// <c>(z − shift) · scale</c> as [B, channels, h, w].
    /// </summary>
    public static float[] Mean(TensorData output, int channels, float scale, float shift)
    {
        var shape = output.Shape;
        if (shape.Length != 4 || (shape[1] != channels && shape[1] != 2 * channels))
            throw new InvalidOperationException($"The VAE encoder returned {output}; expected [B, {channels} or {2 * channels}, h, w].");
        int b = (int)shape[0], c = (int)shape[1], plane = (int)(shape[2] * shape[3]);
        var values = output.AsFloats();
        var result = new float[b * channels * plane];
        for (int i = 0; i < b; i++)
            for (int ch = 0; ch < channels; ch++)
            {
                var src = values.AsSpan((i * c + ch) * plane, plane);
                var dst = result.AsSpan((i * channels + ch) * plane, plane);
                for (int p = 0; p < plane; p++) dst[p] = (src[p] - shift) * scale;
            }
        return result;
    }
}
