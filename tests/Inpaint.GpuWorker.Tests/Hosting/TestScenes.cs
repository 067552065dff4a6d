using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.GpuWorker.Tests.Hosting;

/// <summary>Small synthetic pictures with known regions.</summary>
public static class TestScenes
{
    /// <summary>64×48 grey, a red 16×16 square at (8, 8) and a blue 12×10 block at (40, 30).</summary>
    public static Image<Rgba32> Shapes()
    {
        var image = new Image<Rgba32>(64, 48, new Rgba32(128, 128, 128));
        for (var y = 8; y < 24; y++)
            for (var x = 8; x < 24; x++)
                image[x, y] = new Rgba32(255, 0, 0);
        for (var y = 30; y < 40; y++)
            for (var x = 40; x < 52; x++)
                image[x, y] = new Rgba32(0, 0, 255);
        return image;
    }

    /// <summary>A gradient crop of the given size, distinct per <paramref name="variant"/>.</summary>
    public static Image<Rgba32> Crop(int width, int height, int variant = 0)
    {
        var image = new Image<Rgba32>(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                image[x, y] = new Rgba32((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)(variant * 40), 255);
        return image;
    }

    /// <summary>A mask covering the centre half of the crop.</summary>
    public static MaskPlane CentreMask(int width, int height)
    {
        var mask = new MaskPlane(width, height);
        for (var y = height / 4; y < height * 3 / 4; y++)
            for (var x = width / 4; x < width * 3 / 4; x++)
                mask[x, y] = 1f;
        return mask;
    }
}
