namespace Inpaint.Shared.Imaging;

/// <summary>
/// Chooses the part of the image to regenerate. The bounding box of the mask (values &gt; 0) is padded on
/// each side by <c>context</c> × its size along that axis (the reference tool pads by half the box), clamped
/// to the image, and given a working size whose long side is <c>resolution</c> and whose short side is
/// the box's aspect rounded to a multiple of 16 (at least 16).
/// <para>
/// The feather must fade to 0 inside the box, or the composite shows a seam where the box ends. The
/// overload that takes the expand and blur radii therefore also makes every padding at least
/// <see cref="FeatherReach"/> working pixels (expand + 3σ + the blur's discretisation + a resampling
/// margin) beyond the refiner's zero ring (<see cref="MaskRefiner.ZeroRing"/>); when the working size is too small for that the box grows until it is clamped to the image,
/// whose edges cannot show a seam. <see cref="MaskRefiner"/> tapers the alpha to 0 at any box side that
/// is still too close, so the guarantee holds for boxes from the short overload too.
/// </para>
/// </summary>
public static class CropPlanner
{
    /// <summary>How much context a task's crop adds around the region: half the region's size on each side.</summary>
    public const double TaskContext = 0.5;

    /// <summary>
    /// The crop a task regenerates for a requested <c>resolution</c> (any value the API accepts, 512–1536):
    /// the resolution is rounded to the working size first (<see cref="WorkingResolution"/>), with
    /// <see cref="TaskContext"/> and the feather allowance: the crop of a region in one piece (the orchestration and the
    /// mask preview plan through <see cref="PlanParts"/>, which gives a region in parts far apart a crop per part).
    /// </summary>
    public static CropBox PlanTask(MaskPlane sourceMask, int requestedResolution, int expandPx, double blurPx)
        => Plan(sourceMask, WorkingResolution(requestedResolution), TaskContext, expandPx, blurPx);

    /// <summary>The generators work on multiples of 16 (Flux packs 2×2 latents of 8 px): 1000 becomes 1008.</summary>
    public static int WorkingResolution(int requested) =>
        Math.Max(16, (int)Math.Round(requested / 16.0, MidpointRounding.AwayFromZero) * 16);

    /// <summary>Plans the crop for a mask without a feather allowance (see the class remarks).</summary>
    public static CropBox Plan(MaskPlane sourceMask, int resolution, double context = 0.5)
        => Plan(sourceMask, resolution, context, expandPx: 0, blurPx: 0);

    /// <summary>Plans the crop so that a mask grown by <paramref name="expandPx"/> and feathered with σ =
    /// <paramref name="blurPx"/> (both in working pixels) fades to 0 inside the box.</summary>
    public static CropBox Plan(MaskPlane sourceMask, int resolution, double context, int expandPx, double blurPx)
    {
        ArgumentNullException.ThrowIfNull(sourceMask);
        if (resolution < 16 || resolution % 16 != 0)
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "The resolution must be a positive multiple of 16.");
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        ArgumentOutOfRangeException.ThrowIfNegative(expandPx);
        ArgumentOutOfRangeException.ThrowIfNegative(blurPx);

        if (!TryBounds(sourceMask, out var bx0, out var by0, out var bx1, out var by1))
            throw EmptyMask();

        return PlanBounds(new PixelBounds(bx0, by0, bx1, by1), sourceMask.Width, sourceMask.Height, resolution, context, expandPx, blurPx);
    }

    /// <summary>
    /// The crops a task regenerates, one per part of the region (<see cref="CropParts"/>): a region in one piece,
    /// or in pieces whose crops would overlap, gets exactly <see cref="PlanTask"/>'s box; parts far apart each get
    /// their own box at the full working resolution. The boxes do not overlap, so each holds its own part of
    /// the mask only, and refining or compositing one never touches another.
    /// </summary>
    public static IReadOnlyList<CropBox> PlanParts(MaskPlane sourceMask, int requestedResolution, int expandPx, double blurPx)
    {
        ArgumentNullException.ThrowIfNull(sourceMask);
        ArgumentOutOfRangeException.ThrowIfNegative(expandPx);
        ArgumentOutOfRangeException.ThrowIfNegative(blurPx);
        var resolution = WorkingResolution(requestedResolution);
        // Speckle that starts too many pieces to label cheaply is one region, as it would be after grouping anyway.
        if (MaskComponents.Bounds(sourceMask, CropParts.MaxLabels) is not { } pieces)
            return [Plan(sourceMask, resolution, TaskContext, expandPx, blurPx)];
        if (pieces.Count == 0) throw EmptyMask();
        return CropParts.Group(pieces, bounds => PlanBounds(bounds, sourceMask.Width, sourceMask.Height, resolution, TaskContext, expandPx, blurPx));
    }

    private static InvalidImageException EmptyMask() =>
        new("mask_image", "mask_image: the mask is empty; there is no region to replace.");

    private static CropBox PlanBounds(PixelBounds bounds, int imageW, int imageH, int resolution, double context, int expandPx, double blurPx)
    {
        var (bx0, by0, bx1, by1) = bounds;
        double bw = bx1 - bx0;
        double bh = by1 - by0;
        var padX = context * bw;
        var padY = context * bh;

        // Fixed point: on every side inside the image the padding must cover, at the scale the padded box
        // itself produces, the feather's reach plus the refiner's zero ring (MaskRefiner.ZeroRing, about 1.5
        // source px, which matters when a tiny region is enlarged many times). Converges when the resolution
        // is well above the reach; otherwise the box outgrows the image and is clamped to it.
        var reach = FeatherReach(expandPx, blurPx);
        double floorX = 0, floorY = 0;
        var plan = Pad(bx0, by0, bx1, by1, Math.Max(padX, floorX), Math.Max(padY, floorY), imageW, imageH, resolution);
        for (var i = 0; i < 64; i++)
        {
            var needX = (reach + MaskRefiner.ZeroRing(plan.ScaleX)) / plan.ScaleX;   // working px → source px
            var needY = (reach + MaskRefiner.ZeroRing(plan.ScaleY)) / plan.ScaleY;
            var shortX = (plan.X > 0 && bx0 - plan.X < needX) || (plan.X + plan.Width < imageW && plan.X + plan.Width - bx1 < needX);
            var shortY = (plan.Y > 0 && by0 - plan.Y < needY) || (plan.Y + plan.Height < imageH && plan.Y + plan.Height - by1 < needY);
            if (!shortX && !shortY) break;
            if (shortX) floorX = Math.Max(floorX, needX);
            if (shortY) floorY = Math.Max(floorY, needY);
            plan = Pad(bx0, by0, bx1, by1, Math.Max(padX, floorX), Math.Max(padY, floorY), imageW, imageH, resolution);
        }

        return plan;
    }

    /// <summary>The mask's bounds padded by (padX, padY) source pixels, clamped to the image, with its working size.</summary>
    private static CropBox Pad(int bx0, int by0, int bx1, int by1, double padX, double padY, int imageW, int imageH, int resolution)
    {
        var x0 = (int)Math.Max(0, Math.Floor(bx0 - padX));
        var y0 = (int)Math.Max(0, Math.Floor(by0 - padY));
        var x1 = (int)Math.Min(imageW, Math.Ceiling(bx1 + padX));
        var y1 = (int)Math.Min(imageH, Math.Ceiling(by1 + padY));
        var (workW, workH) = WorkSize(x1 - x0, y1 - y0, resolution);
        return new CropBox(x0, y0, x1 - x0, y1 - y0, workW, workH);
    }

    /// <summary>
    /// How far, in working pixels, the feathered alpha can reach outside the source mask: the expand
    /// radius, 3σ plus the three box passes' rounding (the blur's support), and a resampling margin.
    /// </summary>
    public static double FeatherReach(int expandPx, double blurPx)
        => expandPx + (blurPx > 0 ? 3 * blurPx + 3 : 0) + 4;

    /// <summary>Long side = resolution; short side = the aspect rounded to a multiple of 16, at least 16.</summary>
    public static (int Width, int Height) WorkSize(int boxWidth, int boxHeight, int resolution)
    {
        if (boxWidth >= boxHeight)
            return (resolution, ShortSide(boxHeight, boxWidth, resolution));
        return (ShortSide(boxWidth, boxHeight, resolution), resolution);
    }

    private static int ShortSide(int shortSide, int longSide, int resolution)
    {
        var scaled = (double)shortSide * resolution / longSide;
        var rounded = (int)Math.Round(scaled / 16, MidpointRounding.AwayFromZero) * 16;
        return Math.Clamp(rounded, 16, resolution);
    }

    private static bool TryBounds(MaskPlane mask, out int x0, out int y0, out int x1, out int y1)
    {
        x0 = mask.Width; y0 = mask.Height; x1 = 0; y1 = 0;
        for (var y = 0; y < mask.Height; y++)
        {
            var row = mask.Row(y);
            var first = FirstPositive(row);
            if (first < 0) continue;
            var last = LastPositive(row);
            x0 = Math.Min(x0, first);
            x1 = Math.Max(x1, last + 1);
            y0 = Math.Min(y0, y);
            y1 = y + 1;
        }

        return y1 > 0;
    }

    /// <summary>Index of the first value &gt; 0: a vectorised skip over exact zeros, then a check (masks may hold −0 or negatives).</summary>
    private static int FirstPositive(ReadOnlySpan<float> row)
    {
        var offset = 0;
        while (true)
        {
            var i = row[offset..].IndexOfAnyExcept(0f);
            if (i < 0) return -1;
            if (row[offset + i] > 0) return offset + i;
            offset += i + 1;
        }
    }

    private static int LastPositive(ReadOnlySpan<float> row)
    {
        var end = row.Length;
        while (true)
        {
            var i = row[..end].LastIndexOfAnyExcept(0f);
            if (i < 0) return -1;
            if (row[i] > 0) return i;
            end = i;
        }
    }
}
