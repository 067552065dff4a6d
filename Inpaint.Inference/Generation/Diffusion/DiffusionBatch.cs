using Inpaint.Shared.Generation;

namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>Checks that the requests of one batch are samples of one task (same size, prompt, creativity).</summary>
internal static class DiffusionBatch
{
    public static void Validate(IReadOnlyList<GenerationRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0) throw new ArgumentException("A batch needs at least one request.", nameof(requests));
        var first = requests[0];
        foreach (var r in requests)
        {
            if (r.Mask.Width != r.Crop.Width || r.Mask.Height != r.Crop.Height)
                throw new ArgumentException($"Mask is {r.Mask.Width}×{r.Mask.Height} but the crop is {r.Crop.Width}×{r.Crop.Height}.", nameof(requests));
            if (r.Alpha is { } alpha && (alpha.Width != r.Crop.Width || alpha.Height != r.Crop.Height))
                throw new ArgumentException($"Alpha is {alpha.Width}×{alpha.Height} but the crop is {r.Crop.Width}×{r.Crop.Height}.", nameof(requests));
            if (r.Crop.Width != first.Crop.Width || r.Crop.Height != first.Crop.Height || r.Prompt != first.Prompt || r.Creativity != first.Creativity)
                throw new ArgumentException("The requests of one batch must share crop size, prompt and creativity.", nameof(requests));
        }
    }

    /// <summary>Creativity outside the documented range is clamped to it (0–1.1).</summary>
    public static double Creativity(double creativity) => Math.Clamp(creativity, 0.0, 1.1);
}
