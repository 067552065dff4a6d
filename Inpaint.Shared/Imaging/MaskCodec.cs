using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// Stores mask planes between activities as greyscale PNG at the fastest deflate level: 8-bit (0 → 0, 1 → 255)
/// when every value is exactly 0 or 1 (a binary mask: 8 bits carry all of it), else 16-bit (0 → 0, 1 → 65535),
/// a round trip within 1/131070 of the original value, far below what an 8-bit composite can show. Both read
/// back through <see cref="DecodePng"/>, which widens 8-bit samples exactly (255 → 65535 → 1).
/// </summary>
public static class MaskCodec
{
    private static readonly Configuration PngOnly = new(new PngConfigurationModule());

    public static byte[] EncodePng(MaskPlane mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        using var stream = new MemoryStream();
        if (IsBinary(mask.Data))
        {
            using var image = new Image<L8>(mask.Width, mask.Height);
            image.ProcessPixelRows(accessor =>
            {
                for (var y = 0; y < accessor.Height; y++)
                {
                    var src = mask.Row(y);
                    var dst = accessor.GetRowSpan(y);
                    for (var x = 0; x < src.Length; x++)
                        dst[x] = new L8(src[x] == 1f ? (byte)255 : (byte)0);
                }
            });
            image.Save(stream, Encoder(PngBitDepth.Bit8));
        }
        else
        {
            using var image = new Image<L16>(mask.Width, mask.Height);
            image.ProcessPixelRows(accessor =>
            {
                for (var y = 0; y < accessor.Height; y++)
                {
                    var src = mask.Row(y);
                    var dst = accessor.GetRowSpan(y);
                    for (var x = 0; x < src.Length; x++)
                        dst[x] = new L16((ushort)Math.Round(Math.Clamp(src[x], 0f, 1f) * 65535f));
                }
            });
            image.Save(stream, Encoder(PngBitDepth.Bit16));
        }

        return stream.ToArray();
    }

    /// <summary>Deflate level 1 with the "up" filter: masks are long runs, which compress well even at the fastest level.</summary>
    private static PngEncoder Encoder(PngBitDepth depth) => new()
    {
        ColorType = PngColorType.Grayscale,
        BitDepth = depth,
        CompressionLevel = PngCompressionLevel.Level1,
        FilterMethod = PngFilterMethod.Up,
    };

    private static bool IsBinary(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
            if (v != 0f && v != 1f) return false;
        return true;
    }

    public static MaskPlane DecodePng(ReadOnlySpan<byte> png)
    {
        Image<L16> image;
        try
        {
            image = Image.Load<L16>(PngOnly, png);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidImageException("mask_image", $"mask_image: the stored mask is not a readable PNG ({ex.Message}).");
        }

        using (image)
        {
            var mask = new MaskPlane(image.Width, image.Height);
            image.ProcessPixelRows(accessor =>
            {
                for (var y = 0; y < accessor.Height; y++)
                {
                    var src = accessor.GetRowSpan(y);
                    var dst = mask.Row(y);
                    for (var x = 0; x < src.Length; x++) dst[x] = src[x].PackedValue / 65535f;
                }
            });
            return mask;
        }
    }
}
