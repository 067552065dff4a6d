using System.Numerics.Tensors;
using Inpaint.Shared.Imaging.Kernels;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// Operations on mask planes. Expansion is an exact Euclidean dilation and the blur a Gaussian whose
/// cost per pixel does not grow with the radius (see <see cref="Expand"/>, <see cref="Blur"/>).
/// </summary>
public static class MaskOps
{
    /// <summary>The other side of the mask: 1 − v (foreground ↔ background).</summary>
    public static MaskPlane Invert(MaskPlane mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var data = new float[mask.Data.Length];
        TensorPrimitives.Subtract(1f, mask.Data, data);
        return new MaskPlane(mask.Width, mask.Height, data);
    }

    /// <summary>Values ≥ 0.5 become 1, the rest 0.</summary>
    public static MaskPlane Binarize(MaskPlane mask, float threshold = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var data = new float[mask.Data.Length];
        var src = mask.Data;
        for (var i = 0; i < data.Length; i++) data[i] = src[i] >= threshold ? 1f : 0f;
        return new MaskPlane(mask.Width, mask.Height, data);
    }

    /// <summary>
    /// Grows the set of pixels with value ≥ 0.5 by a disk of radius <paramref name="pixels"/>: the result
    /// is 1 exactly where some set pixel lies within Euclidean distance ≤ N, 0 elsewhere. Computed with a
    /// distance transform, so the cost does not depend on N. N = 0 binarises.
    /// </summary>
    public static MaskPlane Expand(MaskPlane binary, int pixels)
    {
        ArgumentNullException.ThrowIfNull(binary);
        ArgumentOutOfRangeException.ThrowIfNegative(pixels);
        if (pixels == 0) return Binarize(binary);
        return new MaskPlane(binary.Width, binary.Height, DistanceTransform.Dilate(binary.Data, binary.Width, binary.Height, pixels));
    }

    /// <summary>
    /// Gaussian blur with standard deviation σ = <paramref name="sigma"/> pixels (the reference tool's
    /// <c>mask_blur</c> is σ directly; its kernel spans 6σ + 1). Built from three stacked extended-box
    /// passes per axis with exactly that variance and finite support ≈ 3σ; cost per pixel independent of σ
    /// (below σ = 2, a sampled Gaussian of at most 17 taps). Within 0.02 of the exact Gaussian on [0, 1] masks.
    /// Borders replicate the edge. σ = 0 returns a copy.
    /// </summary>
    public static MaskPlane Blur(MaskPlane mask, double sigma)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentOutOfRangeException.ThrowIfNegative(sigma);
        return new MaskPlane(mask.Width, mask.Height, StackedBoxBlur.Blur(mask.Data, mask.Width, mask.Height, sigma));
    }

    /// <summary>Crops a box from the plane and resizes it (tent filter; an equal size is an exact copy).</summary>
    public static MaskPlane Resample(MaskPlane mask, int x, int y, int width, int height, int targetWidth, int targetHeight)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > mask.Width || y + height > mask.Height)
            throw new ArgumentOutOfRangeException(nameof(width), $"Box {x},{y} {width}×{height} is not inside the {mask.Width}×{mask.Height} mask.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetHeight);
        return new MaskPlane(targetWidth, targetHeight, PlaneResampler.Resample(mask.Data, mask.Width, x, y, width, height, targetWidth, targetHeight));
    }

    /// <summary>Resizes the whole plane.</summary>
    public static MaskPlane Resize(MaskPlane mask, int targetWidth, int targetHeight)
        => Resample(mask, 0, 0, mask.Width, mask.Height, targetWidth, targetHeight);
}
