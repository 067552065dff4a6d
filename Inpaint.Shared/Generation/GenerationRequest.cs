using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Generation;

/// <summary>
/// One sample to generate: the working-size crop, the region to replace in it (1 = replace) and the
/// user's intent. <paramref name="Seed"/> is the sample's own seed (the task's seed + sample index).
/// </summary>
/// <param name="Alpha">The feathered composite weight at the crop's working size (1 = replace, 0 = keep); engines
/// that generate the feather (differential diffusion) use it; null means the binary mask alone.</param>
public sealed record GenerationRequest(
    Image<Rgba32> Crop,
    MaskPlane Mask,
    string Prompt,
    double Creativity,
    long Seed,
    MaskPlane? Alpha = null);
