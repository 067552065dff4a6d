using System.Numerics.Tensors;

namespace Inpaint.Shared.Imaging.Kernels;

/// <summary>
/// Exact Euclidean dilation of a binary plane by a disk of radius N, through the separable squared
/// distance transform of Felzenszwalb and Huttenlocher (a column pass of 1-D distances, then per row
/// the lower envelope of parabolas). The work is O(width × height) whatever N is: N only enters as a
/// cap on the column distances (N + 1 is "far"; capping cannot change whether the distance is ≤ N)
/// and as the margin around the set's bounding box outside which nothing can change.
/// </summary>
internal static class DistanceTransform
{
    /// <summary>Returns a 0/1 plane: 1 where some pixel with value ≥ 0.5 lies within Euclidean distance ≤ radius.</summary>
    public static float[] Dilate(float[] mask, int width, int height, int radius)
    {
        var result = new float[width * height];
        if (!TryBounds(mask, width, height, out var bx0, out var by0, out var bx1, out var by1))
            return result;

        // Only the set's bounding box grown by the radius can be reached.
        var x0 = Math.Max(0, bx0 - radius);
        var y0 = Math.Max(0, by0 - radius);
        var x1 = Math.Min(width, bx1 + radius);
        var y1 = Math.Min(height, by1 + radius);
        var w = x1 - x0;
        var h = y1 - y0;
        float far = radius + 1;

        // Column pass on a w × h window: g = vertical distance to the set, capped at N + 1.
        using var columns = ScratchBuffer<float>.Rent(w * h);
        var g = columns.Array;
        ParallelRows.For(h, 64, (start, end) =>
        {
            for (var y = start; y < end; y++)
            {
                var src = mask.AsSpan((y0 + y) * width + x0, w);
                var dst = g.AsSpan(y * w, w);
                for (var x = 0; x < w; x++) dst[x] = src[x] >= 0.5f ? 0f : far;
            }
        });

        // Forward and backward scans down the columns, one whole row at a time so the lanes are
        // consecutive columns: g[y] = min(g[y], g[y∓1] + 1). TensorPrimitives vectorises each row and
        // handles the tail; the scan is sequential in y and parallel across column stripes.
        ParallelRows.For(w, 256, (start, end) =>
        {
            var n = end - start;
            for (var y = 1; y < h; y++)
                RelaxRow(g.AsSpan((y - 1) * w + start, n), g.AsSpan(y * w + start, n));
            for (var y = h - 2; y >= 0; y--)
                RelaxRow(g.AsSpan((y + 1) * w + start, n), g.AsSpan(y * w + start, n));
        });

        // Row pass: lower envelope of parabolas (x - q)² + g(q)² for each row; 1 where it is ≤ N².
        var limit = (float)radius * radius;
        ParallelRows.For(h, 16, (start, end) =>
        {
            using var vertices = ScratchBuffer<int>.Rent(w);
            using var bounds = ScratchBuffer<double>.Rent(w + 1);
            using var squared = ScratchBuffer<float>.Rent(w);
            var v = vertices.Array;
            var z = bounds.Array;
            var f = squared.Array;
            for (var y = start; y < end; y++)
            {
                var row = g.AsSpan(y * w, w);
                var any = false;
                for (var x = 0; x < w; x++)
                {
                    f[x] = row[x] * row[x];
                    any |= row[x] < far;
                }

                if (!any) continue;                       // nothing within N vertically in this row
                var output = result.AsSpan((y0 + y) * width + x0, w);
                Envelope(f, w, v, z, output, limit);
            }
        });
        return result;
    }

    private static void RelaxRow(ReadOnlySpan<float> previous, Span<float> current)
    {
        // current = min(current, previous + 1), chunked through a small stack buffer.
        Span<float> step = stackalloc float[256];
        for (var i = 0; i < current.Length; i += step.Length)
        {
            var n = Math.Min(step.Length, current.Length - i);
            var s = step[..n];
            TensorPrimitives.Add(previous.Slice(i, n), 1f, s);
            TensorPrimitives.Min(current.Slice(i, n), s, current.Slice(i, n));
        }
    }

    /// <summary>
    /// Felzenszwalb–Huttenlocher 1-D squared distance transform of f (the lower envelope of the parabolas
    /// rooted at each q with height f[q]), thresholded at <paramref name="limit"/>. Intersections are in
    /// double so that q² stays exact on 12 000-pixel rows.
    /// </summary>
    private static void Envelope(float[] f, int n, int[] v, double[] z, Span<float> output, float limit)
    {
        var k = 0;
        v[0] = 0;
        z[0] = double.NegativeInfinity;
        z[1] = double.PositiveInfinity;
        for (var q = 1; q < n; q++)
        {
            var s = Intersection(f, v[k], q);
            while (s <= z[k])
            {
                k--;                                  // z[0] = −∞ stops this at k = 0
                s = Intersection(f, v[k], q);
            }

            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = double.PositiveInfinity;
        }

        k = 0;
        for (var q = 0; q < n; q++)
        {
            while (z[k + 1] < q) k++;
            double d = q - v[k];
            output[q] = d * d + f[v[k]] <= limit ? 1f : 0f;
        }
    }

    private static double Intersection(float[] f, int p, int q)
        => ((f[q] + (double)q * q) - (f[p] + (double)p * p)) / (2.0 * (q - p));

    private static bool TryBounds(float[] mask, int width, int height, out int x0, out int y0, out int x1, out int y1)
    {
        x0 = width; y0 = height; x1 = -1; y1 = -1;
        for (var y = 0; y < height; y++)
        {
            var row = mask.AsSpan(y * width, width);
            var first = -1;
            for (var x = 0; x < width; x++)
                if (row[x] >= 0.5f) { first = x; break; }
            if (first < 0) continue;
            var last = first;
            for (var x = width - 1; x > first; x--)
                if (row[x] >= 0.5f) { last = x; break; }
            if (y < y0) y0 = y;
            y1 = y;
            if (first < x0) x0 = first;
            if (last > x1) x1 = last;
        }

        x1++; y1++;
        return y0 < height;
    }
}
