using System.Numerics.Tensors;

namespace Inpaint.Shared.Imaging.Kernels;

/// <summary>
/// Crops and resizes a float plane with a separable triangle (tent) filter whose support widens with
/// the reduction factor, so downscaling averages every source pixel (a thin mask line is never lost)
/// and upscaling interpolates bilinearly. Weights are non-negative (no ringing: a 0/1 mask stays in
/// [0, 1]); an equal-size resample is an exact copy. Taps outside the crop are dropped and the remaining weights renormalised.
/// </summary>
internal static class PlaneResampler
{
    public static float[] Resample(float[] source, int sourceWidth, int x0, int y0, int width, int height, int targetWidth, int targetHeight)
    {
        var result = new float[checked(targetWidth * targetHeight)];
        ResampleInto(source, sourceWidth, x0, y0, width, height, targetWidth, targetHeight, result);
        return result;
    }

    /// <summary>As <see cref="Resample"/>, into <paramref name="result"/> (at least targetWidth × targetHeight long; e.g. pooled).</summary>
    public static void ResampleInto(float[] source, int sourceWidth, int x0, int y0, int width, int height, int targetWidth, int targetHeight, float[] result)
    {
        if (width == targetWidth && height == targetHeight)
        {
            for (var y = 0; y < height; y++)
                source.AsSpan((y0 + y) * sourceWidth + x0, width).CopyTo(result.AsSpan(y * width, width));
            return;
        }

        var columns = Taps.Create(width, targetWidth);
        var rows = Taps.Create(height, targetHeight);

        // Horizontal pass: each source row of the crop → a row of targetWidth (scalar dot products).
        using var horizontal = ScratchBuffer<float>.Rent(targetWidth * height);
        var h = horizontal.Array;
        ParallelRows.For(height, 32, (start, end) =>
        {
            for (var y = start; y < end; y++)
            {
                var src = source.AsSpan((y0 + y) * sourceWidth + x0, width);
                var dst = h.AsSpan(y * targetWidth, targetWidth);
                for (var x = 0; x < targetWidth; x++)
                {
                    var first = columns.First[x];
                    var weights = columns.WeightsOf(x);
                    var sum = 0f;
                    for (var k = 0; k < weights.Length; k++) sum += weights[k] * src[first + k];
                    dst[x] = sum;
                }
            }
        });

        // Vertical pass: each target row is a weighted sum of whole horizontal rows, vectorised by
        // TensorPrimitives.MultiplyAdd across the row (lanes = consecutive x; it handles the remainder).
        ParallelRows.For(targetHeight, 16, (start, end) =>
        {
            for (var y = start; y < end; y++)
            {
                var dst = result.AsSpan(y * targetWidth, targetWidth);
                var first = rows.First[y];
                var weights = rows.WeightsOf(y);
                TensorPrimitives.Multiply(h.AsSpan(first * targetWidth, targetWidth), weights[0], dst);
                for (var k = 1; k < weights.Length; k++)
                    TensorPrimitives.MultiplyAdd(h.AsSpan((first + k) * targetWidth, targetWidth), weights[k], dst, dst);
            }
        });
    }

    /// <summary>Per output index: the first source index and the normalised tent weights from there.</summary>
    private sealed class Taps
    {
        private readonly float[] weights;
        private readonly int[] counts;
        private readonly int stride;

        private Taps(int[] first, int[] counts, float[] weights, int stride)
        {
            First = first;
            this.counts = counts;
            this.weights = weights;
            this.stride = stride;
        }

        public int[] First { get; }

        public ReadOnlySpan<float> WeightsOf(int i) => weights.AsSpan(i * stride, counts[i]);

        public static Taps Create(int sourceLength, int targetLength)
        {
            var scale = (double)sourceLength / targetLength;   // source pixels per target pixel
            var radius = Math.Max(1.0, scale);                 // tent half-width in source pixels
            var stride = (int)Math.Ceiling(2 * radius) + 2;
            var first = new int[targetLength];
            var counts = new int[targetLength];
            var weights = new float[targetLength * stride];
            Span<double> raw = stackalloc double[stride];
            for (var i = 0; i < targetLength; i++)
            {
                var center = (i + 0.5) * scale - 0.5;
                var lo = Math.Max(0, (int)Math.Floor(center - radius) + 1);
                var hi = Math.Min(sourceLength - 1, (int)Math.Ceiling(center + radius) - 1);
                if (hi < lo) lo = hi = Math.Clamp((int)Math.Round(center), 0, sourceLength - 1);
                var total = 0.0;
                var n = hi - lo + 1;
                for (var k = 0; k < n; k++)
                {
                    raw[k] = Math.Max(0.0, 1.0 - Math.Abs(lo + k - center) / radius);
                    total += raw[k];
                }

                if (total <= 0)
                {
                    // The centre falls outside the source (clamped edge): take the nearest pixel.
                    lo = Math.Clamp((int)Math.Round(center), 0, sourceLength - 1);
                    n = 1;
                    raw[0] = total = 1;
                }

                first[i] = lo;
                counts[i] = n;
                for (var k = 0; k < n; k++) weights[i * stride + k] = (float)(raw[k] / total);
            }

            return new Taps(first, counts, weights, stride);
        }
    }
}
