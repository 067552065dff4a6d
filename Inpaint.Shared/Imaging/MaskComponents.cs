namespace Inpaint.Shared.Imaging;

/// <summary>
/// The bounds of each connected part of a mask (values &gt; 0, 8-connected), found in one pass over its rows: each
/// row's runs are joined (union–find) to the runs of the row above that they touch, diagonals included.
/// </summary>
public static class MaskComponents
{
    /// <summary>One rectangle per part, in the order their first pixel is met (top to bottom, left to right).</summary>
    public static IReadOnlyList<PixelBounds> Bounds(MaskPlane mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var parent = new List<int>();
        var bounds = new List<PixelBounds>();
        var above = new List<(int X0, int X1, int Run)>();
        var current = new List<(int X0, int X1, int Run)>();
        for (var y = 0; y < mask.Height; y++)
        {
            var row = mask.Row(y);
            current.Clear();
            var a = 0;
            for (var x = 0; x < row.Length;)
            {
                if (!(row[x] > 0)) { x++; continue; }
                var start = x;
                while (x < row.Length && row[x] > 0) x++;
                var run = parent.Count;
                parent.Add(run);
                bounds.Add(new PixelBounds(start, y, x, y + 1));
                // Runs of the row above that touch [start - 1, x] (8-connectivity); both lists are sorted by x.
                while (a < above.Count && above[a].X1 < start) a++;
                for (var b = a; b < above.Count && above[b].X0 <= x; b++)
                    Join(parent, run, above[b].Run);
                current.Add((start, x, run));
            }

            (above, current) = (current, above);
        }

        var parts = new Dictionary<int, int>();
        var result = new List<PixelBounds>();
        for (var run = 0; run < parent.Count; run++)
        {
            var root = Find(parent, run);
            if (parts.TryGetValue(root, out var part))
                result[part] = result[part].Union(bounds[run]);
            else
            {
                parts[root] = result.Count;
                result.Add(bounds[run]);
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

    /// <summary>The older run's root wins, so a part's root is its first run.</summary>
    private static void Join(List<int> parent, int a, int b)
    {
        var ra = Find(parent, a);
        var rb = Find(parent, b);
        if (ra != rb) parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
    }
}
