using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// Stores mask planes between activities as greyscale PNG written by <see cref="FastPng"/>: 8-bit (0 → 0, 1 → 255)
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
        var values = mask.Data;
        if (IsBinary(values))
        {
            var bytes = new byte[values.Length];
            for (var i = 0; i < values.Length; i++) bytes[i] = values[i] == 1f ? (byte)255 : (byte)0;
            return FastPng.EncodeGrey8(mask.Width, mask.Height, bytes);
        }

        var samples = new ushort[values.Length];
        for (var i = 0; i < values.Length; i++) samples[i] = (ushort)Math.Round(Math.Clamp(values[i], 0f, 1f) * 65535f);
        return FastPng.EncodeGrey16(mask.Width, mask.Height, samples);
    }

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
