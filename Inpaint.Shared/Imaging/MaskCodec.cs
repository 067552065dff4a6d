using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// Mask planes as image files, in one place. Two depths, for two readers:
/// <list type="bullet">
/// <item>between activities, greyscale PNG written by <see cref="FastPng"/> (<see cref="EncodePng"/>,
/// <see cref="DecodePng"/>): 8-bit (0 → 0, 1 → 255) when every value is exactly 0 or 1 (a binary mask: 8 bits
/// carry all of it), else 16-bit (0 → 0, 1 → 65535), a round trip within 1/131070 of the original value, far
/// below what an 8-bit composite can show; <see cref="DecodePng"/> widens 8-bit samples exactly (255 → 65535 → 1);</item>
/// <item>to and from the GPU worker, 8-bit grayscale PNG, 0 = keep, 255 = replace (<see cref="WritePng8Async"/>);
/// a worker mask is read as the luminance of any decoded image at 8 bits (<see cref="FromLuminance"/>).</item>
/// </list>
/// </summary>
public static class MaskCodec
{
    private static readonly Configuration PngOnly = new(new PngConfigurationModule());
    private static readonly PngEncoder Png8 = new() { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 };

    /// <summary>The PNG of an intermediate mask: 8-bit when binary, else 16-bit.</summary>
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

    /// <summary>Reads an intermediate mask written by <see cref="EncodePng"/> (PNG only: these files are ours).</summary>
    /// <param name="field">The field reported when the bytes are not a readable PNG.</param>
    public static MaskPlane DecodePng(ReadOnlySpan<byte> png, string field = "mask_image")
    {
        Image<L16> image;
        try
        {
            image = Image.Load<L16>(PngOnly, png);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidImageException(field, $"{field}: the stored mask is not a readable PNG ({ex.Message}).");
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

    /// <summary>Writes the worker's 8-bit mask format.</summary>
    public static async Task WritePng8Async(MaskPlane mask, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mask);
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
        await image.SaveAsync(destination, Png8, cancellationToken);
    }

    /// <summary>
    /// Reads an 8-bit worker mask from a stream of our own (staged by <see cref="WritePng8Async"/>); any PNG,
    /// JPEG or WebP is taken as its luminance. Untrusted bytes go through <see cref="ImageDecoder"/> and
    /// <see cref="FromLuminance"/> instead.
    /// </summary>
    public static async Task<MaskPlane> ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        using var image = await Image.LoadAsync<L8>(source, cancellationToken);
        return FromL8(image);
    }

    /// <summary>A decoded image's luminance (BT.709, 8 bits) as a mask: the worker's reading of a mask file.</summary>
    public static MaskPlane FromLuminance(Image<Rgba32> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var grey = image.CloneAs<L8>();
        return FromL8(grey);
    }

    private static MaskPlane FromL8(Image<L8> image)
    {
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
