namespace Inpaint.Shared.Imaging;

/// <summary>
/// The bounds of each connected part of a mask (values &gt; 0, 8-connected), found in one pass over its rows: a run
/// that touches a run of the row above (diagonals included) takes its label, joining (union–find) any other label it
/// also touches; a run that touches none starts a new label. Memory grows with the labels, not the pixels or runs,
/// and is capped: a mask that starts more than <c>maxLabels</c> pieces (speckle, or a hostile checkerboard of
/// stripes) is not split at all.
/// </summary>
public static class MaskComponents
{
    /// <summary>
    /// One rectangle per part, in the order their first pixel is met (top to bottom, left to right); null when the
    /// mask starts more than <paramref name="maxLabels"/> pieces on the way down.
    /// </summary>
    public static IReadOnlyList<PixelBounds>? Bounds(MaskPlane mask, int maxLabels)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var parent = new List<int>();
        var bounds = new List<PixelBounds>();
        var above = new List<(int X0, int X1, int Label)>();
        var current = new List<(int X0, int X1, int Label)>();
        for (var y = 0; y < mask.Height; y++)
        {
            var row = mask.Row(y);
            current.Clear();
            var a = 0;
            for (var x = 0; x < row.Length;)
            {
                if (!(row[x] > 0))
                {
                    // Most of a photo's mask is exact zeros: skip them vectorised (−0 and negatives fall through
                    // to the check above, one at a time).
                    var next = row[(x + 1)..].IndexOfAnyExcept(0f);
                    x = next < 0 ? row.Length : x + 1 + next;
                    continue;
                }
                var start = x;
                while (x < row.Length && row[x] > 0) x++;
                // Runs of the row above that touch [start - 1, x] (8-connectivity); both rows are sorted by x.
                while (a < above.Count && above[a].X1 < start) a++;
                var label = -1;
                for (var b = a; b < above.Count && above[b].X0 <= x; b++)
                    label = label < 0 ? Find(parent, above[b].Label) : Join(parent, label, above[b].Label);
                if (label < 0)
                {
                    if (parent.Count == maxLabels) return null;
                    label = parent.Count;
                    parent.Add(label);
                    bounds.Add(new PixelBounds(start, y, x, y + 1));
                }
                else
                {
                    bounds[label] = bounds[label].Union(new PixelBounds(start, y, x, y + 1));
                }

                current.Add((start, x, label));
            }

            (above, current) = (current, above);
        }

        var parts = new Dictionary<int, int>();
        var result = new List<PixelBounds>();
        for (var label = 0; label < parent.Count; label++)
        {
            var root = Find(parent, label);
            if (parts.TryGetValue(root, out var part))
                result[part] = result[part].Union(bounds[label]);
            else
            {
                parts[root] = result.Count;
                result.Add(bounds[label]);
            }
        }

        return result;
    }

    private static int Find(List<int> parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    /// <summary>Joins the two labels' sets; the older root wins, so a part's root is its first label. Returns the root.</summary>
    private static int Join(List<int> parent, int a, int b)
    {
        var ra = Find(parent, a);
        var rb = Find(parent, b);
        if (ra != rb) parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        return Math.Min(ra, rb);
    }
}
