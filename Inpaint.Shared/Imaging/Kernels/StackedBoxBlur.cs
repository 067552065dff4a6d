using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Inpaint.Shared.Imaging.Kernels;

/// <summary>
/// A Gaussian blur of standard deviation σ made of <see cref="Passes"/> stacked "extended box" filters per
/// axis (Gwosdek, Grewenig, Bruhn and Weickert, 2011): each pass is a running-sum box of integer radius r
/// plus fractional end taps of weight α, chosen so the pass variance is exactly σ²/<see cref="Passes"/>;
/// the stack's variance is therefore exactly σ² for any real σ, and its support is finite (≈ 3σ + 3),
/// so far from the mask the result is exactly 0. Each pass costs a constant number of operations per
/// pixel whatever σ is (plus one start-up sum over min(r, height) rows per column).
/// Borders replicate the edge pixel. Horizontal passes run as vertical passes on the transposed plane.
/// Below σ = <see cref="DirectBelow"/> a sampled Gaussian (≤ 17 taps) is used instead.
/// </summary>
internal static class StackedBoxBlur
{
    public const int Passes = 3;

    /// <summary>
    /// Below this σ three boxes are a poor Gaussian (the boxes are only a few taps wide), and a sampled
    /// Gaussian is cheap: at most 2·⌈4σ⌉ + 1 = 17 taps per axis. It is used instead.
    /// </summary>
    public const double DirectBelow = 2.0;

    public static float[] Blur(float[] source, int width, int height, double sigma)
    {
        var result = new float[source.Length];
        if (sigma <= 0)
        {
            source.AsSpan().CopyTo(result);
            return result;
        }

        if (sigma < DirectBelow) return SmallGaussian(source, width, height, sigma);

        var kernel = ExtendedBox.ForVariance(sigma * sigma / Passes);
        var reach = kernel.Radius + 1;                      // one pass reads rows y − R … y + R
        var longest = Math.Max(width, height) + 2 * (Passes - 1) * reach;
        using var first = ScratchBuffer<float>.Rent(longest * Math.Max(width, height));
        using var second = ScratchBuffer<float>.Rent(longest * Math.Max(width, height));
        var a = first.Array;
        var b = second.Array;

        // Vertical: source → a → b → a, then transpose a → b (height × width); horizontal the same way on
        // the transpose, b → a → b → a; transpose a → result.
        Axis(source, a, b, width, height, kernel);
        Transpose(a, b, width, height);
        Axis(b, a, b, height, width, kernel);
        Transpose(a, result, height, width);
        return result;
    }

    /// <summary>
    /// The <see cref="Passes"/> box passes down the columns, equal to a convolution of the edge-replicated
    /// input with the stacked kernel: only the first pass reads the input with clamped (replicated) rows;
    /// it produces rows −2R … h + 2R, the second −R … h + R, the last 0 … h, so no intermediate result is
    /// ever clamped. The extra rows cost 6R per column, a fraction 2R/h of the work.
    /// </summary>
    private static void Axis(float[] input, float[] a, float[] b, int width, int height, ExtendedBox kernel)
    {
        // input → a → b → a. The input may be b itself: the first pass has consumed it before b is written.
        var reach = kernel.Radius + 1;
        Vertical(input, height, a, height + 4 * reach, -2 * reach, width, kernel);
        Vertical(a, height + 4 * reach, b, height + 2 * reach, reach, width, kernel);
        Vertical(b, height + 2 * reach, a, height, reach, width, kernel);
    }

    /// <summary>
    /// One extended-box pass down the columns: output row j is the box centred on input row j + shift,
    /// input rows clamped to [0, inputRows). Column stripes run in parallel.
    /// </summary>
    private static void Vertical(float[] input, int inputRows, float[] output, int outputRows, int shift, int width, ExtendedBox kernel)
    {
        ParallelRows.For(width, 128, (start, end) =>
        {
            var n = end - start;
            using var sums = ScratchBuffer<float>.Rent(n);
            var sum = sums.Span;
            var r = kernel.Radius;
            var last = inputRows - 1;

            // S(0) = Σ_{k=-r..r} in[clamp(shift + k)], summed over distinct rows with multiplicities.
            sum.Clear();
            var lo = shift - r;
            var hi = shift + r;
            if (lo < 0) AccumulateScaled(Row(input, 0, width, start, n), Math.Min(-lo, 2 * r + 1), sum);
            if (hi > last) AccumulateScaled(Row(input, last, width, start, n), Math.Min(hi - last, 2 * r + 1), sum);
            for (var k = Math.Max(lo, 0); k <= Math.Min(hi, last); k++) Accumulate(Row(input, k, width, start, n), sum);

            for (var j = 0; j < outputRows; j++)
            {
                var c = j + shift;
                var below = Row(input, Math.Clamp(c - r - 1, 0, last), width, start, n);
                var above = Row(input, Math.Clamp(c + r + 1, 0, last), width, start, n);
                var leaving = Row(input, Math.Clamp(c - r, 0, last), width, start, n);
                Step(sum, below, above, leaving, Row(output, j, width, start, n), kernel.Inner, kernel.Outer);
            }
        });
    }

    private static Span<float> Row(float[] plane, int y, int width, int start, int n) => plane.AsSpan(y * width + start, n);

    /// <summary>
    /// out = inner·S + outer·(below + above); S += above − leaving. Lanes are 8 consecutive columns of
    /// the stripe (Vector256&lt;float&gt;); the last n mod 8 columns go through the scalar tail, which also
    /// does all the work where 256-bit vectors are not accelerated.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(Span<float> sum, ReadOnlySpan<float> below, ReadOnlySpan<float> above, ReadOnlySpan<float> leaving, Span<float> output, float inner, float outer)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var s = ref MemoryMarshal.GetReference(sum);
            ref var lo = ref MemoryMarshal.GetReference(below);
            ref var hi = ref MemoryMarshal.GetReference(above);
            ref var le = ref MemoryMarshal.GetReference(leaving);
            ref var o = ref MemoryMarshal.GetReference(output);
            var vInner = Vector256.Create(inner);
            var vOuter = Vector256.Create(outer);
            for (; i <= sum.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var vs = Vector256.LoadUnsafe(ref s, (nuint)i);
                var vHi = Vector256.LoadUnsafe(ref hi, (nuint)i);
                var edges = Vector256.LoadUnsafe(ref lo, (nuint)i) + vHi;
                (vInner * vs + vOuter * edges).StoreUnsafe(ref o, (nuint)i);
                (vs + vHi - Vector256.LoadUnsafe(ref le, (nuint)i)).StoreUnsafe(ref s, (nuint)i);
            }
        }

        for (; i < sum.Length; i++)
        {
            output[i] = inner * sum[i] + outer * (below[i] + above[i]);
            sum[i] += above[i] - leaving[i];
        }
    }

    private static void Accumulate(ReadOnlySpan<float> row, Span<float> sum)
    {
        System.Numerics.Tensors.TensorPrimitives.Add(sum, row, sum);
    }

    private static void AccumulateScaled(ReadOnlySpan<float> row, float factor, Span<float> sum)
    {
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(row, factor, sum, sum);
    }

    /// <summary>Separable convolution with a sampled Gaussian truncated at 4σ (normalised), edges replicated.</summary>
    private static float[] SmallGaussian(float[] source, int width, int height, double sigma)
    {
        var radius = (int)Math.Ceiling(4 * sigma);
        var weights = new float[2 * radius + 1];
        var total = 0.0;
        for (var k = -radius; k <= radius; k++) total += Math.Exp(-k * k / (2 * sigma * sigma));
        for (var k = -radius; k <= radius; k++) weights[k + radius] = (float)(Math.Exp(-k * k / (2 * sigma * sigma)) / total);

        var result = new float[source.Length];
        using var first = ScratchBuffer<float>.Rent(source.Length);
        using var second = ScratchBuffer<float>.Rent(source.Length);
        ConvolveColumns(source, first.Array, width, height, weights);
        Transpose(first.Array, second.Array, width, height);
        ConvolveColumns(second.Array, first.Array, height, width, weights);
        Transpose(first.Array, result, height, width);
        return result;
    }

    /// <summary>
    /// out[y] = Σ_k w[k]·in[clamp(y + k − radius)], one whole row at a time: TensorPrimitives.MultiplyAdd
    /// runs across the row (lanes = consecutive columns) and handles the remainder.
    /// </summary>
    private static void ConvolveColumns(float[] input, float[] output, int width, int height, float[] weights)
    {
        var radius = weights.Length / 2;
        ParallelRows.For(height, 16, (start, end) =>
        {
            for (var y = start; y < end; y++)
            {
                var dst = output.AsSpan(y * width, width);
                dst.Clear();
                for (var k = 0; k < weights.Length; k++)
                {
                    var row = Math.Clamp(y + k - radius, 0, height - 1);
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(input.AsSpan(row * width, width), weights[k], dst, dst);
                }
            }
        });
    }

    /// <summary>Blocked transpose of a width × height plane into height × width, block rows in parallel.</summary>
    internal static void Transpose(float[] input, float[] output, int width, int height)
    {
        const int block = 32;
        var blockRows = (height + block - 1) / block;
        ParallelRows.For(blockRows, 4, (start, end) =>
        {
            for (var by = start * block; by < Math.Min(height, end * block); by += block)
            {
                var yEnd = Math.Min(height, by + block);
                for (var bx = 0; bx < width; bx += block)
                {
                    var xEnd = Math.Min(width, bx + block);
                    for (var y = by; y < yEnd; y++)
                    {
                        var src = y * width;
                        for (var x = bx; x < xEnd; x++) output[x * height + y] = input[src + x];
                    }
                }
            }
        });
    }

    /// <summary>One extended box: inner weight for taps |k| ≤ r, outer weight for |k| = r + 1.</summary>
    internal readonly record struct ExtendedBox(int Radius, float Inner, float Outer)
    {
        public static ExtendedBox ForVariance(double variance)
        {
            // Largest r whose plain box (variance r(r+1)/3) does not exceed the target, then the end-tap
            // weight α that makes the variance exact: α = (2r+1)(r(r+1) − 3v) / (6(v − (r+1)²)).
            var r = (int)Math.Floor(0.5 * Math.Sqrt(12 * variance + 1) - 0.5);
            while ((r + 1) * (r + 2) / 3.0 <= variance) r++;
            while (r > 0 && r * (r + 1) / 3.0 > variance) r--;
            var alpha = (2 * r + 1) * (r * (r + 1) - 3 * variance) / (6 * (variance - (r + 1) * (double)(r + 1)));
            var c = 1.0 / (2 * r + 1 + 2 * alpha);
            return new ExtendedBox(r, (float)c, (float)(alpha * c));
        }
    }
}
