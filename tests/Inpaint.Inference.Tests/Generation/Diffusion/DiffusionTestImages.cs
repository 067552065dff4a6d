using Inpaint.Shared.Generation;
using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Tests.Generation.Diffusion;

internal static class DiffusionTestImages
{
    public const int Width = 64;
    public const int Height = 48;

    public static Image<Rgba32> Crop()
    {
        var image = new Image<Rgba32>(Width, Height);
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                image[x, y] = new Rgba32((byte)(x * 4), (byte)(y * 5), (byte)((x + y) * 2), 255);
        return image;
    }

    /// <summary>A hole in the middle: 32×24 px at (16, 12).</summary>
    public static MaskPlane Mask()
    {
        var mask = new MaskPlane(Width, Height);
        for (int y = 12; y < 36; y++)
            for (int x = 16; x < 48; x++)
                mask[x, y] = 1f;
        return mask;
    }

    public static GenerationRequest Request(Image<Rgba32> crop, long seed, string prompt = "a cat", double creativity = 0.85) =>
        new(crop, Mask(), prompt, creativity, seed);
}
