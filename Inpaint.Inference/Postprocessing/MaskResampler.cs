using System.Numerics.Tensors;
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
    public static MaskPlane Bilinear(ReadOnlySpan<float> source, int sourceWidth, int sourceHeight, int width, int height, float? threshold)
    {
        if (source.Length < sourceWidth * sourceHeight) throw new ArgumentException("Source is smaller than its size says.", nameof(source));
        var mask = new MaskPlane(width, height);
        var (x0, x1, fx) = Axis(sourceWidth, width);
        var (y0, y1, fy) = Axis(sourceHeight, height);
        var src = source[..(sourceWidth * sourceHeight)].ToArray();
        var data = mask.Data;
        var binary = threshold is not null;
        var t = threshold ?? 0f;

        Parallel.For(0, height, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, y =>
        {
            // Blend the two source rows once (width-independent), then interpolate along x.
            var top = src.AsSpan(y0[y] * sourceWidth, sourceWidth);
            var bottom = src.AsSpan(y1[y] * sourceWidth, sourceWidth);
            Span<float> row = sourceWidth <= 4096 ? stackalloc float[sourceWidth] : new float[sourceWidth];
            TensorPrimitives.Lerp(top, bottom, fy[y], row);
            var output = data.AsSpan(y * width, width);
            for (var x = 0; x < width; x++)
            {
                var a = row[x0[x]];
                var v = a + (row[x1[x]] - a) * fx[x];
                output[x] = binary ? (v > t ? 1f : 0f) : Math.Clamp(v, 0f, 1f);
            }
        });
        return mask;
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
