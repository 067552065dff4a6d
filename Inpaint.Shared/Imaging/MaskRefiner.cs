using Inpaint.Shared.Imaging.Kernels;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// Prepares the mask for one crop, at the crop's working resolution (ARCHITECTURE §8): the source mask is
/// cropped to the box and resized to the working size (tent filter), binarised at 0.5, grown by
/// <c>expandPx</c> (exact Euclidean dilation) — that is <see cref="RefinedMask.Binary"/>, what the generator
/// must fill — and feathered with a Gaussian of σ = <c>blurPx</c> working pixels into
/// <see cref="RefinedMask.Alpha"/>, the composite weight.
/// <para>
/// Alpha below 1/512 is set to exactly 0 (it could not change an 8-bit pixel by half a level), so the
/// composite leaves everything beyond the feather bit-identical. At every box side that does not touch the
/// image edge, alpha is 0 on an outer ring wide enough that resampling to the box cannot pull a non-zero
/// value onto the box border; if the feather reaches that ring (the box was planned without the feather
/// allowance, or the working size was too small for it) it is tapered to 0 over the last σ pixels
/// before the ring, so the composite never shows a seam at the box edge.
/// </para>
/// </summary>
public static class MaskRefiner
{
    /// <summary>Alpha below this is exactly 0.</summary>
    public const float ZeroBelow = 1f / 512;

    public static RefinedMask Refine(MaskPlane sourceMask, CropBox box, int expandPx, double blurPx)
    {
        ArgumentNullException.ThrowIfNull(sourceMask);
        ArgumentNullException.ThrowIfNull(box);
        ArgumentOutOfRangeException.ThrowIfNegative(expandPx);
        ArgumentOutOfRangeException.ThrowIfNegative(blurPx);

        if (box.X < 0 || box.Y < 0 || box.X + box.Width > sourceMask.Width || box.Y + box.Height > sourceMask.Height)
            throw new ArgumentOutOfRangeException(nameof(box), box, $"The crop box is not inside the {sourceMask.Width}×{sourceMask.Height} mask.");

        // The working-size crop of the source mask lives in a pooled buffer; only the results are new.
        int w = box.WorkWidth, h = box.WorkHeight;
        using var crop = ScratchBuffer<float>.Rent(w * h);
        PlaneResampler.ResampleInto(sourceMask.Data, sourceMask.Width, box.X, box.Y, box.Width, box.Height, w, h, crop.Array);
        var binary = new MaskPlane(w, h, expandPx > 0
            ? DistanceTransform.Dilate(crop.Array, w, h, expandPx)   // binarises at 0.5, then grows
            : Binarize(crop.Span));
        var alpha = blurPx > 0 ? MaskOps.Blur(binary, blurPx) : new MaskPlane(binary.Width, binary.Height, (float[])binary.Data.Clone());

        var data = alpha.Data;
        for (var i = 0; i < data.Length; i++)
        {
            var v = data[i];
            data[i] = v < ZeroBelow ? 0f : v > 1f ? 1f : v;
        }

        var sides = new BoxSides(
            Left: box.X > 0,
            Top: box.Y > 0,
            Right: box.X + box.Width < sourceMask.Width,
            Bottom: box.Y + box.Height < sourceMask.Height);
        ClearBorder(alpha, sides, Ring(box.ScaleX), Ring(box.ScaleY), Math.Max(4, (int)Math.Ceiling(blurPx)));
        return new RefinedMask(binary, alpha);
    }

    private static float[] Binarize(ReadOnlySpan<float> values)
    {
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = values[i] >= 0.5f ? 1f : 0f;
        return result;
    }

    /// <summary>
    /// Width of the zero ring: resampling the alpha to a box with s working px per source px reads working
    /// pixels up to 1.5·s − 0.5 from the border (tent of half-width max(1, s)), so ⌈1.5·s⌉ + 1 suffices.
    /// </summary>
    private static int Ring(double workPerSource) => (int)Math.Ceiling(1.5 * Math.Max(1, workPerSource)) + 1;

    private static void ClearBorder(MaskPlane alpha, BoxSides sides, int ringX, int ringY, int taper)
    {
        int w = alpha.Width, h = alpha.Height;
        if (!NeedsTaper(alpha, sides, ringX, ringY)) return;

        for (var y = 0; y < h; y++)
        {
            var row = alpha.Row(y);
            var fy = 1f;
            if (sides.Top) fy = Math.Min(fy, Ramp(y, ringY, taper));
            if (sides.Bottom) fy = Math.Min(fy, Ramp(h - 1 - y, ringY, taper));
            for (var x = 0; x < w; x++)
            {
                var f = fy;
                if (sides.Left) f = Math.Min(f, Ramp(x, ringX, taper));
                if (sides.Right) f = Math.Min(f, Ramp(w - 1 - x, ringX, taper));
                if (f < 1f) row[x] = row[x] * f < ZeroBelow ? 0f : row[x] * f;
            }
        }
    }

    /// <summary>0 inside the ring, then a smoothstep up to 1 over <paramref name="taper"/> pixels.</summary>
    private static float Ramp(int distance, int ring, int taper)
    {
        if (distance < ring) return 0f;
        var t = Math.Min(1f, (distance - ring + 1) / (float)taper);
        return t * t * (3 - 2 * t);
    }

    private static bool NeedsTaper(MaskPlane alpha, BoxSides sides, int ringX, int ringY)
    {
        int w = alpha.Width, h = alpha.Height;
        for (var y = 0; y < h; y++)
        {
            var row = alpha.Row(y);
            var inTopOrBottom = (sides.Top && y < ringY) || (sides.Bottom && y >= h - ringY);
            if (inTopOrBottom)
            {
                if (row.IndexOfAnyExcept(0f) >= 0) return true;
                continue;
            }

            if (sides.Left && row[..Math.Min(ringX, w)].IndexOfAnyExcept(0f) >= 0) return true;
            if (sides.Right && row[Math.Max(0, w - ringX)..].IndexOfAnyExcept(0f) >= 0) return true;
        }

        return false;
    }

    private readonly record struct BoxSides(bool Left, bool Top, bool Right, bool Bottom);
}
