using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Inpaint.Shared.Imaging.Kernels;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// Pastes a generated crop back into the original at the original resolution:
/// out = source·(1 − α) + generated·α, with the generated crop scaled to the box (bicubic) and α the
/// working-size alpha scaled to the box (tent filter). The blend is in premultiplied alpha; for opaque
/// pixels it is an 8.8 fixed-point lerp. Every pixel where α is 0 — including everything outside the box —
/// is copied bit for bit; where α is 1 the generated pixel is taken as is.
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
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(generatedWork);
        ArgumentNullException.ThrowIfNull(alphaWork);
        ArgumentNullException.ThrowIfNull(box);
        CropSampler.CheckInside(box, image.Width, image.Height);
        if (generatedWork.Width != box.WorkWidth || generatedWork.Height != box.WorkHeight)
            throw new ArgumentException($"The generated crop is {generatedWork.Width}×{generatedWork.Height}; the box needs {box.WorkWidth}×{box.WorkHeight}.", nameof(generatedWork));
        if (alphaWork.Width != box.WorkWidth || alphaWork.Height != box.WorkHeight)
            throw new ArgumentException($"The alpha is {alphaWork.Width}×{alphaWork.Height}; the box needs {box.WorkWidth}×{box.WorkHeight}.", nameof(alphaWork));

        // α at the box size in a pooled buffer (a 12 MP photo's box can be tens of MB of floats).
        using var alphaBox = ScratchBuffer<float>.Rent(box.Width * box.Height);
        var alpha = alphaBox.Array;
        PlaneResampler.ResampleInto(alphaWork.Data, alphaWork.Width, 0, 0, alphaWork.Width, alphaWork.Height, box.Width, box.Height, alpha);
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
}
