namespace Inpaint.Shared.Imaging;

/// <summary>
/// Groups the pieces of a region (<see cref="MaskComponents"/>) into the parts that get a crop each
/// (<see cref="CropPlanner.PlanParts"/>). Pieces whose crops overlap or touch are one part, planned over their
/// joint bounds, until no two crops meet: a region in one piece, or in pieces close together, is one part whose
/// crop is exactly the single crop over the whole region. Parts far apart (a hat and shoes, two blemishes) keep
/// their own crop, each at the full working resolution, instead of one crop over both that gives each less
/// detail. At most <see cref="MaxParts"/>, so a task costs at most that many generations per sample: beyond it
/// the two parts whose joint bounds are smallest are joined first.
/// </summary>
public static class CropParts
{
    /// <summary>The most crops one task regenerates.</summary>
    public const int MaxParts = 4;

    /// <summary>
    /// A region in more pieces than this is speckle (a noisy segmentation), not parts: it gets the one crop over
    /// all of it, and grouping stays cheap (it is quadratic in the pieces).
    /// </summary>
    public const int MaxPieces = 64;

    /// <summary>
    /// How many pieces <see cref="MaskComponents"/> may start while labelling before the region counts as speckle
    /// (one crop over all of it) without finishing: this bounds the labelling's memory whatever the mask.
    /// </summary>
    public const int MaxLabels = 4096;

    /// <summary>The crops, top to bottom then left to right; empty when there are no pieces.</summary>
    public static IReadOnlyList<CropBox> Group(IReadOnlyList<PixelBounds> pieces, Func<PixelBounds, CropBox> plan)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        ArgumentNullException.ThrowIfNull(plan);
        if (pieces.Count == 0) return [];
        var parts = pieces.Count > MaxPieces ? [pieces.Aggregate((a, b) => a.Union(b))] : pieces.ToList();
        var boxes = parts.Select(plan).ToList();
        while (NextJoin(parts, boxes) is var (i, j))
        {
            parts[i] = parts[i].Union(parts[j]);
            boxes[i] = plan(parts[i]);
            parts.RemoveAt(j);
            boxes.RemoveAt(j);
        }

        return boxes.OrderBy(b => b.Y).ThenBy(b => b.X).ToList();
    }

    /// <summary>Two parts whose crops meet; else, while there are too many, the two with the smallest joint bounds.</summary>
    private static (int, int)? NextJoin(List<PixelBounds> parts, List<CropBox> boxes)
    {
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                if (Meet(boxes[i], boxes[j])) return (i, j);
            }
        }

        if (parts.Count <= MaxParts) return null;
        (int, int)? best = null;
        var bestArea = long.MaxValue;
        for (var i = 0; i < parts.Count; i++)
        {
            for (var j = i + 1; j < parts.Count; j++)
            {
                var joint = parts[i].Union(parts[j]);
                var area = (long)joint.Width * joint.Height;
                if (area < bestArea) (best, bestArea) = ((i, j), area);
            }
        }

        return best;
    }

    /// <summary>Overlap or share an edge: crops that meet are one crop (a gap of 0 saves nothing).</summary>
    private static bool Meet(CropBox a, CropBox b) =>
        a.X <= b.X + b.Width && b.X <= a.X + a.Width && a.Y <= b.Y + b.Height && b.Y <= a.Y + a.Height;
}
