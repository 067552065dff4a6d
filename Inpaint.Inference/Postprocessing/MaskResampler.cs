using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Inpaint.Shared.Imaging;

namespace Inpaint.Inference.Postprocessing;

/// <summary>
/// Brings a model's low-resolution probability map to the image's size: bilinear with half-pixel centres
/// (PyTorch <c>interpolate(mode="bilinear", align_corners=False)</c>), optionally binarised in the same pass.
/// </summary>
public static class MaskResampler
{
    /// <summary>Resizes <paramref name="source"/> (<paramref name="sourceWidth"/>×<paramref name="sourceHeight"/>,
    /// row-major) to a <see cref="MaskPlane"/>. With a <paramref name="threshold"/>, values above it become 1 and
    /// the rest 0; without, values are clamped to [0, 1].</summary>
    public static MaskPlane Bilinear(ReadOnlyMemory<float> source, int sourceWidth, int sourceHeight, int width, int height, float? threshold)
    {
        if (source.Length < sourceWidth * sourceHeight) throw new ArgumentException("Source is smaller than its size says.", nameof(source));
        var mask = new MaskPlane(width, height);
        var data = mask.Data;
        var binary = threshold is not null;
        var t = threshold ?? 0f;
        if (sourceWidth == width && sourceHeight == height)
        {
            // Same size: no interpolation, only the threshold or clamp.
            var from = source.Span[..data.Length];
            for (var i = 0; i < data.Length; i++) data[i] = binary ? (from[i] > t ? 1f : 0f) : Math.Clamp(from[i], 0f, 1f);
            return mask;
        }
        var (x0, x1, fx) = Axis(sourceWidth, width);
        var (y0, y1, fy) = Axis(sourceHeight, height);

        // Separable, cheap axis first: interpolate every source row along x to the output width (scalar, only
        // sourceHeight rows), then each output row is one vectorised lerp of two of those rows.
        var widened = ArrayPool<float>.Shared.Rent(sourceHeight * width);
        try
        {
            var src = source;
            Parallel.For(0, sourceHeight, sy =>
            {
                var row = src.Span.Slice(sy * sourceWidth, sourceWidth);
                var output = widened.AsSpan(sy * width, width);
                for (var x = 0; x < width; x++)
                {
                    var a = row[x0[x]];
                    output[x] = a + (row[x1[x]] - a) * fx[x];
                }
            });
            Parallel.For(0, height, y =>
            {
                var output = data.AsSpan(y * width, width);
                TensorPrimitives.Lerp(widened.AsSpan(y0[y] * width, width), widened.AsSpan(y1[y] * width, width), fy[y], output);
                if (binary) Binarise(output, t);
                else
                {
                    TensorPrimitives.Max(output, 0f, output);
                    TensorPrimitives.Min(output, 1f, output);
                }
            });
        }
        finally
        {
            ArrayPool<float>.Shared.Return(widened);
        }
        return mask;
    }

    /// <summary>In place: 1 where the value exceeds <paramref name="threshold"/>, else 0.</summary>
    private static void Binarise(Span<float> values, float threshold)
    {
        // Lane layout: Vector<float>.Count values per step (8 with AVX2, 16 with AVX-512); scalar tail after.
        var i = 0;
        var t = new Vector<float>(threshold);
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        for (var v = 0; v < vectors.Length; v++, i += Vector<float>.Count)
            vectors[v] = Vector.ConditionalSelect(Vector.GreaterThan(vectors[v], t), Vector<float>.One, Vector<float>.Zero);
        for (; i < values.Length; i++) values[i] = values[i] > threshold ? 1f : 0f;
    }

    /// <summary>In place: probabilities from logits.</summary>
    public static void Sigmoid(Span<float> values) => TensorPrimitives.Sigmoid(values, values);

    /// <summary>In place: stretch to [0, 1] by the values' own min and max (rembg's postprocess).</summary>
    public static void MinMax(Span<float> values)
    {
        var min = TensorPrimitives.Min<float>(values);
        var max = TensorPrimitives.Max<float>(values);
        var range = max - min;
        if (range <= 1e-12f)
        {
            // A flat map carries no saliency information.
            values.Fill(0f);
            return;
        }
        TensorPrimitives.Subtract(values, min, values);
        TensorPrimitives.Multiply(values, 1f / range, values);
    }

    private static (int[] Lo, int[] Hi, float[] Frac) Axis(int source, int target)
    {
        var lo = new int[target];
        var hi = new int[target];
        var frac = new float[target];
        var scale = (double)source / target;
        for (var i = 0; i < target; i++)
        {
            var s = Math.Max((i + 0.5) * scale - 0.5, 0.0);
            var l = Math.Min((int)s, source - 1);
            lo[i] = l;
            hi[i] = Math.Min(l + 1, source - 1);
            frac[i] = (float)(s - l);
        }
        return (lo, hi, frac);
    }
}
