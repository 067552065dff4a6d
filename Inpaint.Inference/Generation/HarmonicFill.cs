using Inpaint.Shared.Generation;
using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Generation;

/// <summary>
/// The simplest real fill: the membrane (harmonic) interpolation of the hole from its border, i.e. the
/// solution of Laplace's equation with the known pixels as boundary values. Smooth, deterministic, no
/// weights. Solved coarse-to-fine: the hole is first solved on a small pyramid level, then refined with
/// successive over-relaxation at each finer level, so large holes converge in a few sweeps.
/// Selectable like the other engines (<c>Generation__Engine=harmonic</c>); it has no generative control,
/// so every creativity maps to the same empty control set, and the seed changes nothing.
/// </summary>
public sealed class HarmonicFill : IGenerationEngine
{
    private const int SweepsPerLevel = 60;
    private const float OverRelaxation = 1.8f;

    public string Name => "harmonic";

    public string Model => "harmonic";

    public Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var (width, height) = (request.Crop.Width, request.Crop.Height);
        if (request.Mask.Width != width || request.Mask.Height != height)
            throw new ArgumentException($"The mask is {request.Mask.Width}×{request.Mask.Height}; the crop is {width}×{height}.");

        var known = new bool[width * height];
        for (var i = 0; i < known.Length; i++) known[i] = request.Mask.Data[i] < 0.5f;

        var output = request.Crop.Clone();
        var channels = new float[3][];
        for (var c = 0; c < 3; c++) channels[c] = new float[width * height];
        output.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++)
                {
                    channels[0][y * width + x] = row[x].R;
                    channels[1][y * width + x] = row[x].G;
                    channels[2][y * width + x] = row[x].B;
                }
            }
        });

        Solve(channels, known, width, height, cancellationToken);
        progress?.Report(new GenerationProgress(1, 1));

        output.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++)
                {
                    var i = y * width + x;
                    if (known[i]) continue;
                    row[x] = new Rgba32(ToByte(channels[0][i]), ToByte(channels[1][i]), ToByte(channels[2][i]), row[x].A);
                }
            }
        });
        return Task.FromResult(output);
    }

    private static byte ToByte(float v) => (byte)Math.Clamp(MathF.Round(v), 0, 255);

    /// <summary>
    /// Fills the unknown values of <paramref name="values"/> in place with the membrane solution. Only the
    /// known values next to the hole are its boundary; the others steer the coarse levels' starting guess.
    /// </summary>
    internal static void Solve(float[] values, bool[] known, int width, int height, CancellationToken cancellationToken, int sweepsPerLevel = SweepsPerLevel) =>
        Solve([values], known, width, height, cancellationToken, sweepsPerLevel);

    /// <summary>
    /// <see cref="Solve(float[], bool[], int, int, CancellationToken, int)"/> for several planes with the same
    /// hole (a colour image's channels) at once. Each plane's result is the same bits as solving it alone; relaxing
    /// them side by side lets the processor overlap their updates, which alone are one long chain of dependent
    /// arithmetic (each pixel waits for its left neighbour's new value).
    /// </summary>
    internal static void Solve(float[][] planes, bool[] known, int width, int height, CancellationToken cancellationToken, int sweepsPerLevel = SweepsPerLevel)
    {
        if (width > 16 && height > 16)
        {
            // Coarse level: each coarse pixel is known when any of its 2×2 children is known (their mean).
            var (cw, ch) = ((width + 1) / 2, (height + 1) / 2);
            var coarse = new float[planes.Length][];
            for (var p = 0; p < planes.Length; p++) coarse[p] = new float[cw * ch];
            var coarseKnown = new bool[cw * ch];
            for (var y = 0; y < ch; y++)
            {
                for (var x = 0; x < cw; x++)
                {
                    for (var p = 0; p < planes.Length; p++)
                    {
                        float sum = 0;
                        var n = 0;
                        for (var dy = 0; dy < 2; dy++)
                        {
                            for (var dx = 0; dx < 2; dx++)
                            {
                                var (fx, fy) = (2 * x + dx, 2 * y + dy);
                                if (fx >= width || fy >= height || !known[fy * width + fx]) continue;
                                sum += planes[p][fy * width + fx];
                                n++;
                            }
                        }

                        coarseKnown[y * cw + x] = n > 0;
                        coarse[p][y * cw + x] = n > 0 ? sum / n : 0;
                    }
                }
            }

            Solve(coarse, coarseKnown, cw, ch, cancellationToken, sweepsPerLevel);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    if (known[y * width + x]) continue;
                    for (var p = 0; p < planes.Length; p++) planes[p][y * width + x] = coarse[p][(y / 2) * cw + x / 2];
                }
            }
        }
        else
        {
            // Smallest level: start the hole at the mean of the known pixels.
            foreach (var values in planes)
            {
                float sum = 0;
                var n = 0;
                for (var i = 0; i < values.Length; i++)
                {
                    if (!known[i]) continue;
                    sum += values[i];
                    n++;
                }

                var mean = n > 0 ? sum / n : 127.5f;
                for (var i = 0; i < values.Length; i++)
                    if (!known[i]) values[i] = mean;
            }
        }

        // The sweeps visit only the hole, as row runs in raster order (the same Gauss–Seidel order as a full
        // scan, so the same result): a small hole in a large crop costs its own size, not the crop's.
        var runs = HoleRuns(known, width, height);
        for (var sweep = 0; sweep < sweepsPerLevel; sweep++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (y, start, end) in runs)
            {
                if (y == 0 || y == height - 1)
                {
                    for (var x = start; x < end; x++) RelaxAtEdge(planes, x, y, width, height);
                    continue;
                }

                var first = Math.Max(start, 1);
                var last = Math.Min(end, width - 1);
                if (start < first) RelaxAtEdge(planes, start, y, width, height);
                if (planes.Length == 3) RelaxInterior(planes[0], planes[1], planes[2], y * width, width, first, last);
                else foreach (var plane in planes) RelaxInterior(plane, y * width, width, first, last);
                if (last < end) RelaxAtEdge(planes, last, y, width, height);
            }
        }
    }

    /// <summary>
    /// One relaxation of the pixels [<paramref name="first"/>, <paramref name="last"/>) of the row starting at
    /// <paramref name="row"/>, all with four neighbours: the hot loop, without the edge tests. The sum runs in the
    /// same order and ÷4 equals ×¼ exactly, so it matches <see cref="RelaxAtEdge"/> bit for bit.
    /// </summary>
    private static void RelaxInterior(float[] values, int row, int width, int first, int last)
    {
        var v = values.AsSpan(row - width, 3 * width);
        for (var x = width + first; x < width + last; x++)
        {
            var sum = v[x - 1] + v[x + 1] + v[x - width] + v[x + width];
            v[x] += OverRelaxation * (sum * 0.25f - v[x]);
        }
    }

    /// <summary>The colour case of <see cref="RelaxInterior(float[], int, int, int, int)"/>: three independent chains per step.</summary>
    private static void RelaxInterior(float[] r, float[] g, float[] b, int row, int width, int first, int last)
    {
        var vr = r.AsSpan(row - width, 3 * width);
        var vg = g.AsSpan(row - width, 3 * width);
        var vb = b.AsSpan(row - width, 3 * width);
        for (var x = width + first; x < width + last; x++)
        {
            var sr = vr[x - 1] + vr[x + 1] + vr[x - width] + vr[x + width];
            var sg = vg[x - 1] + vg[x + 1] + vg[x - width] + vg[x + width];
            var sb = vb[x - 1] + vb[x + 1] + vb[x - width] + vb[x + width];
            vr[x] += OverRelaxation * (sr * 0.25f - vr[x]);
            vg[x] += OverRelaxation * (sg * 0.25f - vg[x]);
            vb[x] += OverRelaxation * (sb * 0.25f - vb[x]);
        }
    }

    private static void RelaxAtEdge(float[][] planes, int x, int y, int width, int height)
    {
        var i = y * width + x;
        foreach (var values in planes)
        {
            float sum = 0;
            var n = 0;
            if (x > 0) { sum += values[i - 1]; n++; }
            if (x < width - 1) { sum += values[i + 1]; n++; }
            if (y > 0) { sum += values[i - width]; n++; }
            if (y < height - 1) { sum += values[i + width]; n++; }
            values[i] += OverRelaxation * (sum / n - values[i]);
        }
    }

    /// <summary>The unknown pixels as (row, first column, end column) runs, in raster order.</summary>
    private static List<(int Y, int Start, int End)> HoleRuns(bool[] known, int width, int height)
    {
        var runs = new List<(int, int, int)>();
        for (var y = 0; y < height; y++)
        {
            var row = known.AsSpan(y * width, width);
            for (var x = row.IndexOf(false); x >= 0 && x < width;)
            {
                var length = row[x..].IndexOf(true);
                var end = length < 0 ? width : x + length;
                runs.Add((y, x, end));
                var next = end < width ? row[end..].IndexOf(false) : -1;
                x = next < 0 ? width : end + next;
            }
        }

        return runs;
    }
}
