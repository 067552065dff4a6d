using Inpaint.Shared.Imaging;
using NetVips;
using VImage = NetVips.Image;

namespace Inpaint.Imaging.Bench;

/// <summary>
/// The same operations built from libvips (through NetVips), as a libvips user would write them:
/// exact Euclidean dilation is <c>morph</c> with a disk mask, the feather is <c>gaussblur</c> with its
/// kernel cut at 3σ (min_ampl = e^(−4.5)), the blend is <c>ifthenelse(blend: true)</c>, i.e.
/// out = gen·α + src·(1 − α), resizes are cubic (images) and linear (masks).
/// </summary>
internal static class VipsReference
{
    /// <summary>Turns the libvips operation cache off so every iteration really computes.</summary>
    public static void DisableCache()
    {
        Cache.Max = 0;
        Cache.MaxMem = 0;
        Cache.MaxFiles = 0;
    }

    /// <summary>A (2N+1)² morphology mask: 255 inside the Euclidean disk of radius N, 128 (don't care) outside.</summary>
    public static VImage Disk(int radius)
    {
        var size = 2 * radius + 1;
        var values = new double[size, size];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                values[y, x] = (x - radius) * (x - radius) + (y - radius) * (y - radius) <= radius * radius ? 255 : 128;
        return VImage.NewFromArray(values);
    }

    /// <summary>Refine (dilate, feather) a 0/255 mask.</summary>
    public static VImage Refine(VImage mask, VImage disk, int expand, double blur)
    {
        var grown = expand > 0 ? mask.Morph(disk, Enums.OperationMorphology.Dilate) : mask;
        return blur > 0 ? grown.Gaussblur(blur, minAmpl: Math.Exp(-4.5)) : grown;
    }

    public static VImage Blend(VImage alpha, VImage generated, VImage source)
        => alpha.Ifthenelse(generated, source, blend: true);

    /// <summary>Resize to an exact size (libvips scales by factors; trim or pad the last pixel).</summary>
    public static VImage ResizeTo(VImage image, int width, int height, Enums.Kernel kernel)
    {
        var resized = image.Resize((double)width / image.Width, vscale: (double)height / image.Height, kernel: kernel);
        if (resized.Width == width && resized.Height == height) return resized;
        return resized.Gravity(Enums.CompassDirection.NorthWest, width, height, extend: Enums.Extend.Copy);
    }

    public static VImage FromRgba(byte[] rgba, int width, int height)
        => VImage.NewFromMemory(rgba, width, height, 4, Enums.BandFormat.Uchar);

    public static VImage FromMask(byte[] mask, int width, int height)
        => VImage.NewFromMemory(mask, width, height, 1, Enums.BandFormat.Uchar);

    /// <summary>The whole CPU path of one edit on an encoded photo, libvips style.</summary>
    public static byte[] EditJpeg(byte[] jpeg, VImage sourceMask, CropBox box, VImage disk, int expand, double blur, int quality)
    {
        using var decoded = VImage.NewFromBuffer(jpeg);
        using var image = decoded.Autorot();
        using var sourceCrop = image.Crop(box.X, box.Y, box.Width, box.Height);
        using var maskCrop = sourceMask.Crop(box.X, box.Y, box.Width, box.Height);
        using var maskWork = ResizeTo(maskCrop, box.WorkWidth, box.WorkHeight, Enums.Kernel.Linear);
        using var binary = maskWork > 127;
        using var alphaWork = Refine(binary, disk, expand, blur);
        using var work = ResizeTo(sourceCrop, box.WorkWidth, box.WorkHeight, Enums.Kernel.Cubic);
        // The model is excluded: the "generated" crop is the working crop itself.
        using var generated = ResizeTo(work, box.Width, box.Height, Enums.Kernel.Cubic);
        using var alpha = ResizeTo(alphaWork, box.Width, box.Height, Enums.Kernel.Linear);
        using var blended = Blend(alpha, generated, sourceCrop);
        using var result = image.Insert(blended, box.X, box.Y);
        return result.JpegsaveBuffer(q: quality);
    }
}
