using System.Numerics.Tensors;
using Inpaint.Shared.Imaging.Kernels;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// Which working pixels of a crop a region reaches, decided at SOURCE resolution, so that the hole survives
/// resampling (ARCHITECTURE §6): a working pixel is covered when the source interval it is made from, widened by
/// <c>marginSourcePx</c> on each side, holds at least one region pixel (source value ≥ 0.5).
/// <para>
/// With a margin of 0 that is "every working pixel whose footprint touches the region" — the pixels that must be
/// generated. With the resampler's support as the margin (<see cref="ResamplingMargin"/>) it is every working pixel
/// whose value the crop resampler computes from at least one region pixel — the pixels that must not be given to
/// an engine as known context, because they carry the old content.
/// </para>
/// Separable: per source row of the box, a prefix count answers "any region pixel in this column interval" for
/// each working column; then per working row, the rows of its (widened) source interval are OR-ed (max) together.
/// </summary>
public static class RegionCover
{
    /// <summary>
    /// The support of the crop resampler (<see cref="CropSampler"/>: bicubic, radius 2, widened by the
    /// reduction factor when shrinking) in source pixels, plus one for the rounding of its centre.
    /// </summary>
    public static double ResamplingMargin(CropBox box)
    {
        ArgumentNullException.ThrowIfNull(box);
        return 2 * Math.Max(1, 1 / Math.Min(box.ScaleX, box.ScaleY)) + 1;
    }

    /// <summary>A 0/1 plane at the box's working size; see the class remarks.</summary>
    public static MaskPlane Of(MaskPlane sourceMask, CropBox box, double marginSourcePx)
    {
        ArgumentNullException.ThrowIfNull(sourceMask);
        ArgumentNullException.ThrowIfNull(box);
        ArgumentOutOfRangeException.ThrowIfNegative(marginSourcePx);
        CropSampler.CheckInside(box, sourceMask.Width, sourceMask.Height);

        int w = box.WorkWidth, h = box.WorkHeight;
        var (columnsFrom, columnsTo) = Intervals(w, box.Width, marginSourcePx);
        var (rowsFrom, rowsTo) = Intervals(h, box.Height, marginSourcePx);

        // Pass 1: for every source row of the box, 1 at working column x when the row has a region pixel in
        // [columnsFrom[x], columnsTo[x]).
        using var horizontal = ScratchBuffer<float>.Rent(box.Height * w);
        var hz = horizontal.Array;
        ParallelRows.For(box.Height, 32, (start, end) =>
        {
            using var prefix = ScratchBuffer<int>.Rent(box.Width + 1);
            var counts = prefix.Array;
            for (var y = start; y < end; y++)
            {
                var src = sourceMask.Data.AsSpan((box.Y + y) * sourceMask.Width + box.X, box.Width);
                var dst = hz.AsSpan(y * w, w);
                counts[0] = 0;
                for (var x = 0; x < src.Length; x++) counts[x + 1] = counts[x] + (src[x] >= 0.5f ? 1 : 0);
                if (counts[box.Width] == 0)
                {
                    dst.Clear();
                    continue;
                }

                for (var x = 0; x < w; x++) dst[x] = counts[columnsTo[x]] - counts[columnsFrom[x]] > 0 ? 1f : 0f;
            }
        });

        // Pass 2: every working row is the max of the horizontal rows of its source interval; lanes are consecutive
        // working columns (TensorPrimitives handles the tail).
        var result = new float[checked(w * h)];
        ParallelRows.For(h, 16, (start, end) =>
        {
            for (var y = start; y < end; y++)
            {
                var dst = result.AsSpan(y * w, w);
                for (var r = rowsFrom[y]; r < rowsTo[y]; r++)
                    TensorPrimitives.Max(dst, hz.AsSpan(r * w, w), dst);
            }
        });
        return new MaskPlane(w, h, result);
    }

    /// <summary>
    /// For each of <paramref name="work"/> pixels along an axis of <paramref name="source"/> pixels: the source
    /// interval [from, to) it is made from, widened by the margin and clamped to the box.
    /// </summary>
    private static (int[] From, int[] To) Intervals(int work, int source, double margin)
    {
        var from = new int[work];
        var to = new int[work];
        var perWork = (double)source / work;
        for (var i = 0; i < work; i++)
        {
            // A tiny epsilon keeps an exact integer boundary from pulling in the neighbouring source pixel.
            from[i] = Math.Clamp((int)Math.Floor(i * perWork - margin + 1e-9), 0, source);
            to[i] = Math.Clamp((int)Math.Ceiling((i + 1) * perWork + margin - 1e-9), from[i], source);
        }

        return (from, to);
    }
}
