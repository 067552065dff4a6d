using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Worker;

/// <summary>
/// The worker's mask format: an 8-bit greyscale PNG, 0 = keep, 255 = replace. Reading accepts any PNG,
/// JPEG or WebP and takes its luminance.
/// </summary>
public static class MaskPng
{
    private static readonly PngEncoder Encoder = new() { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 };

    public static async Task WriteAsync(MaskPlane mask, Stream destination, CancellationToken cancellationToken)
    {
        using var image = new Image<L8>(mask.Width, mask.Height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var source = mask.Row(y);
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                    row[x] = new L8((byte)MathF.Round(Math.Clamp(source[x], 0f, 1f) * 255f));
            }
        });
        await image.SaveAsync(destination, Encoder, cancellationToken);
    }

    public static async Task<MaskPlane> ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        using var image = await Image.LoadAsync<L8>(source, cancellationToken);
        var mask = new MaskPlane(image.Width, image.Height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                var target = mask.Row(y);
                for (var x = 0; x < row.Length; x++)
                    target[x] = row[x].PackedValue / 255f;
            }
        });
        return mask;
    }
}
