using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Testing;

/// <summary>Small synthetic photos and masks, made in code so tests need no files.</summary>
public static class TestImages
{
    /// <summary>A colourful gradient with a checker pattern: every pixel differs from its neighbours.</summary>
    public static Image<Rgba32> Photo(int width, int height)
    {
        var image = new Image<Rgba32>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++)
                {
                    var checker = ((x / 8) + (y / 8)) % 2 == 0 ? 30 : 0;
                    row[x] = new Rgba32((byte)(x * 200 / width + checker), (byte)(y * 200 / height + checker), (byte)(128 + checker), 255);
                }
            }
        });
        return image;
    }

    /// <summary>A mask of <paramref name="width"/>×<paramref name="height"/>: white inside the rectangle, black elsewhere.</summary>
    public static Image<Rgba32> RectangleMask(int width, int height, Rectangle region)
    {
        var mask = new Image<Rgba32>(width, height, new Rgba32(0, 0, 0, 255));
        mask.ProcessPixelRows(rows =>
        {
            for (var y = region.Top; y < region.Bottom; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = region.Left; x < region.Right; x++) row[x] = new Rgba32(255, 255, 255, 255);
            }
        });
        return mask;
    }

    public static byte[] Png(Image<Rgba32> image)
    {
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder());
        return stream.ToArray();
    }
}
