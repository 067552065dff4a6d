namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>
/// Creativity → guidance, shared by the diffusion engines. The reference tool's creativity is the
/// strength of a control that ties the result to the surrounding scene: higher = more consistent with the
/// scene, lower = follows the prompt more freely (ARCHITECTURE §8). Our engines have no such control, so
/// creativity scales how hard the prompt is enforced:
/// <c>guidance(c) = g₀ · (1 + 1.2 · (0.85 − c))</c>, c clamped to [0, 1.1], g₀ the pipeline's reference
/// guidance. The default 0.85 gives exactly g₀; 0 gives 2.02·g₀; 1.1 gives 0.7·g₀. Strictly decreasing.
/// </summary>
public static class GuidanceMapping
{
    public const double DefaultCreativity = 0.85;

    public static double Guidance(double referenceGuidance, double creativity) =>
        referenceGuidance * (1 + 1.2 * (DefaultCreativity - DiffusionBatch.Creativity(creativity)));
}
