using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Inpaint.Shared.Imaging.Kernels;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// Pastes a generated crop back into the original at the original resolution:
/// out = source·(1 − α) + generated·α, with the generated crop scaled to the box (bicubic) and α the
/// working-size alpha scaled to the box (tent filter) — or, given the region at source resolution, α = 1 on every
/// region pixel (<see cref="AlphaAtSource"/>). The blend is in premultiplied alpha; for opaque pixels it is an 8.8
/// fixed-point lerp. Every pixel where α is 0 — including everything outside the box — is copied bit for bit;
/// where α is 1 the generated pixel is taken as is.
/// </summary>
public static class Compositor
{
    public static Image<Rgba32> Stitch(Image<Rgba32> source, Image<Rgba32> generatedWork, MaskPlane alphaWork, CropBox box)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = source.Clone();
        try
        {
            StitchInPlace(result, generatedWork, alphaWork, box);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <see cref="Stitch"/> into <paramref name="image"/> itself: only the pixels inside the box are read and
    /// written, so a caller that owns a decoded source (the composite step) needs no copy of the whole image.
    /// </summary>
    public static void StitchInPlace(Image<Rgba32> image, Image<Rgba32> generatedWork, MaskPlane alphaWork, CropBox box)
    {
        ArgumentNullException.ThrowIfNull(alphaWork);
        ArgumentNullException.ThrowIfNull(box);
        CheckWorkSize(alphaWork.Width, alphaWork.Height, box, nameof(alphaWork), "alpha");

        // α at the box size in a pooled buffer (a 12 MP photo's box can be tens of MB of floats).
        using var alphaBox = ScratchBuffer<float>.Rent(box.Width * box.Height);
        PlaneResampler.ResampleInto(alphaWork.Data, alphaWork.Width, 0, 0, alphaWork.Width, alphaWork.Height, box.Width, box.Height, alphaBox.Array);
        Blend(image, generatedWork, alphaBox.Array, box);
    }

    /// <summary>
    /// <see cref="StitchInPlace(Image{Rgba32}, Image{Rgba32}, MaskPlane, CropBox)"/> with the composite weight at
    /// source resolution (<see cref="AlphaAtSource"/>): the region itself is replaced whole, whatever the resampling
    /// of the working alpha made of its edge.
    /// </summary>
    public static void StitchInPlace(Image<Rgba32> image, Image<Rgba32> generatedWork, MaskPlane alphaWork, CropBox box, MaskPlane sourceMask, bool feathered)
    {
        ArgumentNullException.ThrowIfNull(box);
        using var alphaBox = ScratchBuffer<float>.Rent(box.Width * box.Height);
        AlphaAtSource(sourceMask, box, alphaWork, feathered, alphaBox.Array);
        Blend(image, generatedWork, alphaBox.Array, box);
    }

    /// <summary>
    /// The composite weight over the box at source resolution, into <paramref name="alphaBox"/> (box.Width ×
    /// box.Height, row-major). Every region pixel (source mask ≥ 0.5) is 1, so no part of the old content shows
    /// through an edge that resampling softened. With a feather (<paramref name="feathered"/>: expand or blur
    /// above 0) the rest is the working alpha scaled to the box (tent filter); without one the weight IS the
    /// region, so nothing outside it changes (a scaled hard edge would spill a source pixel outward).
    /// </summary>
    public static void AlphaAtSource(MaskPlane sourceMask, CropBox box, MaskPlane alphaWork, bool feathered, float[] alphaBox)
    {
        ArgumentNullException.ThrowIfNull(sourceMask);
        ArgumentNullException.ThrowIfNull(alphaWork);
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(alphaBox);
        CropSampler.CheckInside(box, sourceMask.Width, sourceMask.Height);
        CheckWorkSize(alphaWork.Width, alphaWork.Height, box, nameof(alphaWork), "alpha");
        if (alphaBox.Length < box.Width * box.Height)
            throw new ArgumentException($"The alpha buffer holds {alphaBox.Length} values; the box needs {box.Width * box.Height}.", nameof(alphaBox));

        if (feathered)
            PlaneResampler.ResampleInto(alphaWork.Data, alphaWork.Width, 0, 0, alphaWork.Width, alphaWork.Height, box.Width, box.Height, alphaBox);
        ParallelRows.For(box.Height, 32, (start, end) =>
        {
            for (var y = start; y < end; y++)
            {
                var region = sourceMask.Data.AsSpan((box.Y + y) * sourceMask.Width + box.X, box.Width);
                var dst = alphaBox.AsSpan(y * box.Width, box.Width);
                for (var x = 0; x < dst.Length; x++)
                {
                    if (region[x] >= 0.5f) dst[x] = 1f;
                    else if (!feathered) dst[x] = 0f;
                }
            }
        });
    }

    /// <summary>The blend itself, with α given at the box's size in source pixels (row-major, box.Width × box.Height).</summary>
    private static void Blend(Image<Rgba32> image, Image<Rgba32> generatedWork, float[] alpha, CropBox box)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(generatedWork);
        CropSampler.CheckInside(box, image.Width, image.Height);
        CheckWorkSize(generatedWork.Width, generatedWork.Height, box, nameof(generatedWork), "generated crop");

        var sameSize = box.Width == box.WorkWidth && box.Height == box.WorkHeight;
        var generated = sameSize
            ? generatedWork
            : generatedWork.Clone(x => x.Resize(new ResizeOptions
            {
                Size = new Size(box.Width, box.Height),
                Mode = ResizeMode.Stretch,
                Sampler = KnownResamplers.Bicubic,
            }));

        try
        {
            ParallelRows.For(box.Height, 16, (start, end) =>
            {
                for (var y = start; y < end; y++)
                {
                    var dst = image.DangerousGetPixelRowMemory(box.Y + y).Span.Slice(box.X, box.Width);
                    var gen = generated.DangerousGetPixelRowMemory(y).Span;
                    PixelBlend.Row(dst, gen, alpha.AsSpan(y * box.Width, box.Width));
                }
            });
        }
        finally
        {
            if (!sameSize) generated.Dispose();
        }
    }

    private static void CheckWorkSize(int width, int height, CropBox box, string parameter, string what)
    {
        if (width != box.WorkWidth || height != box.WorkHeight)
            throw new ArgumentException($"The {what} is {width}×{height}; the box needs {box.WorkWidth}×{box.WorkHeight}.", parameter);
    }
}
