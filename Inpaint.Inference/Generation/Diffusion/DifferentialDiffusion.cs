using Inpaint.Shared.Generation;
using Inpaint.Shared.Imaging;

namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>
/// Soft inpainting by differential diffusion (Levin &amp; Fried 2023; diffusers' community pipeline, ComfyUI's
/// "Differential Diffusion"): the feathered alpha acts per latent element over the steps. An element of alpha
/// a follows the original — its clean latents re-noised to the current level with the sample's own noise —
/// for the first ⌊(1 − a)·N⌋ of the N steps and is generated after, like img2img with a per-pixel strength a.
/// So alpha 0 is the re-noised original at every level and the clean original at the end, alpha 1 is never
/// touched, and the feather between is generated from the original, more of it the higher its alpha.
/// </summary>
/// <remarks>
/// Levels: 0 is the initial latents, j the latents after step j − 1, N the end (see <see cref="IScheduler.AddNoise"/>).
/// An element that follows at least one step starts from the re-noised original too, so the model sees that
/// context from the first step. One instance per generation; every array is in the engine's latent layout.
/// </remarks>
internal sealed class DifferentialDiffusion
{
    private readonly IScheduler _scheduler;
    private readonly int[] _followed;
    private readonly float[] _original, _noise, _renoised;
    private readonly int _longest;

    /// <param name="scheduler">The generation's sampler: it re-noises the original to each level.</param>
    /// <param name="alpha">Each latent element's alpha (1 = replace).</param>
    /// <param name="original">The clean latents of the original crop.</param>
    /// <param name="noise">The unit noise the initial latents were drawn from (the samples' own seeds).</param>
    public DifferentialDiffusion(IScheduler scheduler, ReadOnlySpan<float> alpha, float[] original, float[] noise)
    {
        if (original.Length != alpha.Length || noise.Length != alpha.Length)
            throw new ArgumentException($"alpha, original and noise must have one value per latent element; got {alpha.Length}, {original.Length}, {noise.Length}.");
        _scheduler = scheduler;
        _original = original;
        _noise = noise;
        _renoised = new float[alpha.Length];
        _followed = new int[alpha.Length];
        int steps = scheduler.Timesteps.Count;
        for (int e = 0; e < alpha.Length; e++)
            _longest = Math.Max(_longest, _followed[e] = FollowedSteps(alpha[e], steps));
    }

    /// <summary>How many of <paramref name="steps"/> steps an element of <paramref name="alpha"/> follows the original: ⌊(1 − a)·N⌋, non-increasing in a.</summary>
    public static int FollowedSteps(float alpha, int steps) => (int)Math.Floor((1 - Math.Clamp((double)alpha, 0, 1)) * steps);

    /// <summary>Whether an element that follows <paramref name="followedSteps"/> steps is the original at <paramref name="level"/>: levels 0 … F when F ≥ 1.</summary>
    public static bool Follows(int followedSteps, int level) => followedSteps >= Math.Max(level, 1);

    /// <summary>
    /// Each latent element's alpha for a batch, as [B, <paramref name="channels"/>, H/8, W/8]: the request's alpha
    /// averaged over the element's 8×8 pixels (every channel alike), or 1 (never follows) for a request without one.
    /// An element touching the region (mask ≥ 0.5) is 1 too: the feather reaches into the region, whose pixels are
    /// hidden (a flat fill), not an original worth following, and the region is generated whole.
    /// </summary>
    public static float[] LatentAlpha(IReadOnlyList<GenerationRequest> requests, int width, int height, int channels)
    {
        int plane = width / 8 * (height / 8), size = channels * plane;
        var result = new float[requests.Count * size];
        for (int i = 0; i < requests.Count; i++)
        {
            var sample = result.AsSpan(i * size, size);
            if (requests[i].Alpha is not { } alpha)
            {
                sample.Fill(1f);
                continue;
            }
            var averaged = PixelPlanes.BlockAverage(alpha, width, height, 8);
            var region = PixelPlanes.BlockAverage(new MaskPlane(width, height, PixelPlanes.BinaryMask(requests[i].Mask, width, height)), width, height, 8);
            for (int e = 0; e < averaged.Length; e++)
                if (region[e] > 0f) averaged[e] = 1f;
            for (int c = 0; c < channels; c++) averaged.CopyTo(sample.Slice(c * plane));
        }
        return result;
    }

    /// <summary>Sets the elements that still follow the original at <paramref name="level"/> to the original re-noised to it.</summary>
    public void Apply(int level, Span<float> latents)
    {
        if (!Follows(_longest, level)) return; // every element generates from here on
        _scheduler.AddNoise(_original, _noise, level, _renoised);
        for (int e = 0; e < latents.Length; e++)
            if (Follows(_followed[e], level)) latents[e] = _renoised[e];
    }
}
