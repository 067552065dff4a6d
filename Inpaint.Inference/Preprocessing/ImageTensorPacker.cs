using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Inpaint.Inference.Models;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Preprocessing;

/// <summary>
/// Turns an image into a model's <c>[1, 3, H, W]</c> float input in one pass per axis: triangle-filter resize
/// (stretch, aspect not kept, as the processors do), then scale and per-channel mean/std from the model's
/// <see cref="ImagePreprocessing"/>, written as R, G, B planes (NCHW). Rows run in parallel.
/// </summary>
public static class ImageTensorPacker
{
    /// <summary>Packs <paramref name="image"/> resized to <paramref name="width"/>×<paramref name="height"/>
    /// into <paramref name="destination"/> (length 3·W·H, planes R, G, B).</summary>
    public static void Pack(Image<Rgba32> image, ImagePreprocessing pre, int width, int height, Span<float> destination)
        => Pack(image, pre, width, height, width, height, destination);

    /// <summary>
    /// As <see cref="Pack(Image{Rgba32}, ImagePreprocessing, int, int, Span{float})"/> but into planes of
    /// <paramref name="planeWidth"/>×<paramref name="planeHeight"/> (≥ the resized size): the image lands in the
    /// top-left corner and the rest stays as it is in <paramref name="destination"/> (zero padding).
    /// </summary>
    public static void Pack(Image<Rgba32> image, ImagePreprocessing pre, int width, int height, int planeWidth, int planeHeight, Span<float> destination)
    {
        if (width > planeWidth || height > planeHeight) throw new ArgumentException("The resized image must fit the planes.");
        var plane = planeWidth * planeHeight;
        if (destination.Length < 3 * plane) throw new ArgumentException($"Destination needs {3 * plane} floats.", nameof(destination));

        var sw = image.Width;
        var sh = image.Height;
        var kx = ResizeKernel.Bilinear(sw, width);
        var ky = ResizeKernel.Bilinear(sh, height);

        // Horizontal pass: every source row → width×3 interleaved floats (R,G,B per output pixel), 0..255.
        var horizontal = new float[sh * width * 3];
        image.ProcessPixelRows(rows =>
        {
            var source = new Rgba32[sh][];
            for (var y = 0; y < sh; y++) source[y] = rows.GetRowSpan(y).ToArray();
            Parallel.For(0, sh, y => HorizontalRow(source[y], kx, horizontal.AsSpan(y * width * 3, width * 3)));
        });

        // Vertical pass → planar, still 0..255.
        var resized = new float[3 * width * height];
        Parallel.For(0, height, y => VerticalRow(horizontal, width, ky, y, resized, width * height));

        // Scale and normalise: v' = (v·s − mean)/std = v·a + b with a = s/std, b = −mean/std.
        var s = pre.Scale switch
        {
            PixelScale.Divide255 => 1f / 255f,
            PixelScale.None => 1f,
            // rembg: divide by the resized image's own maximum (over all channels), not by 255.
            PixelScale.DivideMax => 1f / Math.Max(TensorPrimitives.Max<float>(resized), 1e-6f),
            _ => throw new ArgumentOutOfRangeException(nameof(pre)),
        };
        var resizedPlane = width * height;
        for (var c = 0; c < 3; c++)
        {
            var a = s / pre.Std[c];
            var b = -pre.Mean[c] / pre.Std[c];
            var src = resized.AsSpan(c * resizedPlane, resizedPlane);
            if (planeWidth == width)
            {
                var dst = destination.Slice(c * plane, resizedPlane);
                TensorPrimitives.Multiply(src, a, dst);
                TensorPrimitives.Add(dst, b, dst);
                continue;
            }
            for (var y = 0; y < height; y++)
            {
                var dst = destination.Slice(c * plane + y * planeWidth, width);
                TensorPrimitives.Multiply(src.Slice(y * width, width), a, dst);
                TensorPrimitives.Add(dst, b, dst);
            }
        }
    }

    private static void HorizontalRow(ReadOnlySpan<Rgba32> row, ResizeKernel k, Span<float> output)
    {
        var weights = k.Weights;
        for (var x = 0; x < k.Start.Length; x++)
        {
            float r = 0, g = 0, b = 0;
            var start = k.Start[x];
            var w = x * k.Stride;
            for (var t = 0; t < k.Count[x]; t++)
            {
                var p = row[start + t];
                var wt = weights[w + t];
                r += p.R * wt;
                g += p.G * wt;
                b += p.B * wt;
            }
            output[3 * x] = r;
            output[3 * x + 1] = g;
            output[3 * x + 2] = b;
        }
    }

    private static void VerticalRow(float[] horizontal, int width, ResizeKernel k, int y, float[] planes, int plane)
    {
        var stride = width * 3;
        var sum = new float[stride];
        var w = y * k.Stride;
        for (var t = 0; t < k.Count[y]; t++)
            TensorPrimitives.MultiplyAdd(horizontal.AsSpan((k.Start[y] + t) * stride, stride), k.Weights[w + t], sum, sum);
        // De-interleave R,G,B into the three planes.
        var offset = y * width;
        for (var x = 0; x < width; x++)
        {
            planes[offset + x] = sum[3 * x];
            planes[plane + offset + x] = sum[3 * x + 1];
            planes[2 * plane + offset + x] = sum[3 * x + 2];
        }
    }
}
