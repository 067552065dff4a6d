using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// Writes a result in the requested <see cref="OutputFormat"/>. PNG is lossless and written as RGB when
/// every pixel is opaque, RGBA otherwise (colour under transparent pixels is preserved, so a composite
/// stays bit-identical outside the edit). JPEG and WebP are lossy at <c>quality</c> (1–100); WebP keeps alpha.
/// </summary>
public static class ImageEncoder
{
    public static byte[] Encode(Image<Rgba32> image, OutputFormat format, int quality = 92)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);

        IImageEncoder encoder = format switch
        {
            OutputFormat.Png => new PngEncoder
            {
                ColorType = IsOpaque(image) ? PngColorType.Rgb : PngColorType.RgbWithAlpha,
                BitDepth = PngBitDepth.Bit8,
                TransparentColorMode = PngTransparentColorMode.Preserve,
                CompressionLevel = PngCompressionLevel.DefaultCompression,
            },
            OutputFormat.Jpeg => new JpegEncoder { Quality = quality },
            OutputFormat.Webp => new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, Quality = quality },
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown output format."),
        };

        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    public static string MimeType(OutputFormat format) => format switch
    {
        OutputFormat.Png => "image/png",
        OutputFormat.Jpeg => "image/jpeg",
        OutputFormat.Webp => "image/webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown output format."),
    };

    public static string Extension(OutputFormat format) => format switch
    {
        OutputFormat.Png => "png",
        OutputFormat.Jpeg => "jpg",
        OutputFormat.Webp => "webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown output format."),
    };

    private static bool IsOpaque(Image<Rgba32> image)
    {
        var opaque = true;
        image.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height && opaque; y++)
            {
                foreach (var p in accessor.GetRowSpan(y))
                {
                    if (p.A != 255) { opaque = false; break; }
                }
            }
        });
        return opaque;
    }
}
