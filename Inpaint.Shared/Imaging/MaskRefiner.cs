namespace Inpaint.Shared.Imaging;

/// <summary>
/// Prepares the mask for one crop, at the crop's working resolution (ARCHITECTURE §8). The region is the source
/// mask's pixels ≥ 0.5, and which working pixels it reaches is decided at source resolution
/// (<see cref="RegionCover"/>): <see cref="RefinedMask.Binary"/>, what the generator must fill, is every working
/// pixel the crop resampler makes from a region pixel, grown by <c>expandPx</c> (exact Euclidean dilation);
/// <see cref="RefinedMask.Alpha"/>, the composite weight, is every working pixel whose footprint touches the
/// region, grown by <c>expandPx</c> and feathered with a Gaussian of σ = <c>blurPx</c> working pixels. At source
/// resolution <see cref="Compositor"/> also sets α = 1 on the region itself, so no old pixel shows through.
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

        // Both planes are decided at source resolution (RegionCover), so the hole survives the resampling:
        // the generator fills every working pixel the crop resampler computes from a region pixel (the old
        // content never reaches an engine as known context), and the alpha is 1 on every working pixel whose
        // footprint touches the region, grown by the expand radius and then feathered.
        var touched = RegionCover.Of(sourceMask, box, RegionCover.ResamplingMargin(box));
        var footprint = RegionCover.Of(sourceMask, box, 0);
        var binary = expandPx > 0 ? MaskOps.Expand(touched, expandPx) : touched;
        var grown = expandPx > 0 ? MaskOps.Expand(footprint, expandPx) : footprint;
        var alpha = blurPx > 0 ? MaskOps.Blur(grown, blurPx) : grown;

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
        ClearBorder(alpha, sides, ZeroRing(box.ScaleX), ZeroRing(box.ScaleY), Math.Max(4, (int)Math.Ceiling(blurPx)));
        return new RefinedMask(binary, alpha);
    }

    /// <summary>
    /// Width in working pixels of the ring where alpha must be 0 at a box side inside the image: resampling the
    /// alpha to a box with s working px per source px reads working pixels up to 1.5·s − 0.5 from the border
    /// (tent of half-width max(1, s)), so ⌈1.5·s⌉ + 1 suffices. <see cref="CropPlanner"/> pads beyond it.
    /// </summary>
    public static int ZeroRing(double workPerSource) => (int)Math.Ceiling(1.5 * Math.Max(1, workPerSource)) + 1;

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
