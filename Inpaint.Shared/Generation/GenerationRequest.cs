using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Generation;

/// <summary>
/// One sample to generate: the working-size crop, the region to replace in it (1 = replace) and the
/// user's intent. <paramref name="Seed"/> is the sample's own seed (the task's seed + sample index).
/// </summary>
public sealed record GenerationRequest(
    Image<Rgba32> Crop,
    MaskPlane Mask,
    string Prompt,
    double Creativity,
    long Seed);
