using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Inpaint.Inference.Models;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Preprocessing;

/// <summary>
/// Turns an image into a model's <c>[1, 3, H, W]</c> float input: triangle-filter resize (stretch, aspect not
/// kept, as the processors do) in two separable passes, then scale and per-channel mean/std from the model's
/// <see cref="ImagePreprocessing"/>, written as R, G, B planes (NCHW). Rows run in parallel; scratch buffers
/// come from the shared array pool.
/// </summary>
public static class ImageTensorPacker
{
    /// <summary>Packs <paramref name="image"/> resized to <paramref name="width"/>×<paramref name="height"/>
    /// into <paramref name="destination"/> (length 3·W·H, planes R, G, B).</summary>
    public static void Pack(Image<Rgba32> image, ImagePreprocessing pre, int width, int height, float[] destination)
        => Pack(image, pre, width, height, width, height, destination);

    /// <summary>
    /// As <see cref="Pack(Image{Rgba32}, ImagePreprocessing, int, int, float[])"/> but into planes of
    /// <paramref name="planeWidth"/>×<paramref name="planeHeight"/> (≥ the resized size): the image lands in the
    /// top-left corner and the rest of <paramref name="destination"/> is left as it is (zero padding).
    /// </summary>
    public static void Pack(Image<Rgba32> image, ImagePreprocessing pre, int width, int height, int planeWidth, int planeHeight, float[] destination)
    {
        if (width > planeWidth || height > planeHeight) throw new ArgumentException("The resized image must fit the planes.");
        var plane = planeWidth * planeHeight;
        if (destination.Length < 3 * plane) throw new ArgumentException($"Destination needs {3 * plane} floats.", nameof(destination));

        var sw = image.Width;
        var sh = image.Height;
        var kx = ResizeKernel.Bilinear(sw, width);
        var ky = ResizeKernel.Bilinear(sh, height);
        // Pixels stay 4-wide (R,G,B,A) through both passes so that one Vector128<float> holds one pixel.
        var rowFloats = width * 4;

        // Pass 1, horizontal: each source row → width pixels of interleaved R,G,B,A floats (0..255).
        var horizontal = ArrayPool<float>.Shared.Rent(sh * rowFloats);
        Rgba32[]? copied = null;
        try
        {
            Memory<Rgba32> pixels;
            if (!image.DangerousTryGetSinglePixelMemory(out pixels))
            {
                // A large image may be stored in several buffers: copy it into one.
                copied = ArrayPool<Rgba32>.Shared.Rent(sw * sh);
                image.CopyPixelDataTo(copied.AsSpan(0, sw * sh));
                pixels = copied.AsMemory(0, sw * sh);
            }
            var source = pixels;
            Parallel.For(0, sh, () => new float[sw * 4], (y, _, scratch) =>
            {
                HorizontalRow(source.Span.Slice(y * sw, sw), kx, scratch, horizontal.AsSpan(y * rowFloats, rowFloats));
                return scratch;
            }, _ => { });

            // Pass 2, vertical: blend source rows per output row and de-interleave into the planes (still 0..255).
            Parallel.For(0, height, () => new float[rowFloats], (y, _, sum) =>
            {
                VerticalRow(horizontal, rowFloats, ky, y, sum);
                var offset = y * planeWidth;
                var r = destination.AsSpan(offset, width);
                var g = destination.AsSpan(plane + offset, width);
                var b = destination.AsSpan(2 * plane + offset, width);
                for (var x = 0; x < width; x++)
                {
                    r[x] = sum[4 * x];
                    g[x] = sum[4 * x + 1];
                    b[x] = sum[4 * x + 2];
                }
                return sum;
            }, _ => { });
        }
        finally
        {
            ArrayPool<float>.Shared.Return(horizontal);
            if (copied is not null) ArrayPool<Rgba32>.Shared.Return(copied);
        }

        // Pass 3, in place: v' = (v·s − mean)/std = v·a + b with a = s/std, b = −mean/std (vectorised per row).
        var s = pre.Scale switch
        {
            PixelScale.Divide255 => 1f / 255f,
            PixelScale.None => 1f,
            // rembg divides by the resized image's own maximum (over all channels), not by 255.
            PixelScale.DivideMax => 1f / Math.Max(Max(destination, plane, planeWidth, width, height), 1e-6f),
            _ => throw new ArgumentOutOfRangeException(nameof(pre)),
        };
        for (var c = 0; c < 3; c++)
        {
            var a = s / pre.Std[c];
            var bias = -pre.Mean[c] / pre.Std[c];
            if (planeWidth == width)
            {
                Affine(destination.AsSpan(c * plane, width * height), a, bias);
                continue;
            }
            for (var y = 0; y < height; y++)
                Affine(destination.AsSpan(c * plane + y * planeWidth, width), a, bias);
        }
    }

    private static void Affine(Span<float> values, float a, float b)
    {
        TensorPrimitives.Multiply(values, a, values);
        TensorPrimitives.Add(values, b, values);
    }

    private static float Max(float[] planes, int plane, int planeWidth, int width, int height)
    {
        var max = 0f;
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < height; y++)
                max = Math.Max(max, TensorPrimitives.Max<float>(planes.AsSpan(c * plane + y * planeWidth, width)));
        return max;
    }

    private static void HorizontalRow(ReadOnlySpan<Rgba32> row, ResizeKernel k, float[] scratch, Span<float> output)
    {
        // Bytes → floats for the whole row (R,G,B,A interleaved), vectorised.
        var floats = scratch.AsSpan(0, row.Length * 4);
        TensorPrimitives.ConvertChecked<byte, float>(MemoryMarshal.AsBytes(row), floats);
        var weights = k.Weights;
        var starts = k.Start;
        var counts = k.Count;
        ref var first = ref MemoryMarshal.GetReference(floats);
        var outputs = MemoryMarshal.Cast<float, Vector128<float>>(output);
        for (var x = 0; x < starts.Length; x++)
        {
            // Lane layout: one pixel per Vector128 (R, G, B, A); each tap is one multiply-add of a whole pixel.
            var acc = Vector128<float>.Zero;
            var w = x * k.Stride;
            var p = starts[x] * 4;
            for (var t = 0; t < counts[x]; t++, p += 4)
                acc += Vector128.LoadUnsafe(ref first, (nuint)p) * Vector128.Create(weights[w + t]);
            outputs[x] = acc;
        }
    }

    private static void VerticalRow(float[] horizontal, int rowFloats, ResizeKernel k, int y, float[] sum)
    {
        var w = y * k.Stride;
        var first = horizontal.AsSpan(k.Start[y] * rowFloats, rowFloats);
        TensorPrimitives.Multiply(first, k.Weights[w], sum);
        for (var t = 1; t < k.Count[y]; t++)
            TensorPrimitives.MultiplyAdd(horizontal.AsSpan((k.Start[y] + t) * rowFloats, rowFloats), k.Weights[w + t], sum, sum);
    }
}
