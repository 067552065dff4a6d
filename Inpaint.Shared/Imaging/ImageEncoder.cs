using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// Writes a result or an intermediate in the requested <see cref="OutputFormat"/>. PNG is lossless, written by
/// <see cref="FastPng"/> (a fast standard setting: "up" filter, fast zlib-ng deflate), as RGB when
/// every pixel is opaque, RGBA otherwise (colour under transparent pixels is preserved, so a composite
/// stays bit-identical outside the edit). JPEG is lossy at <c>quality</c> (1–100) and has no alpha. WebP is
/// lossy at <c>quality</c> for opaque images; an image with transparency is written as lossless WebP,
/// because ImageSharp 2.1's lossy WebP encoder cannot carry alpha.
/// </summary>
public static class ImageEncoder
{
    public static byte[] Encode(Image<Rgba32> image, OutputFormat format, int quality = 92)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);

        var opaque = format != OutputFormat.Jpeg && IsOpaque(image);
        if (format == OutputFormat.Png)
            return FastPng.Encode(image, withAlpha: !opaque);

        IImageEncoder encoder = format switch
        {
            OutputFormat.Jpeg => new JpegEncoder { Quality = quality },
            // ImageSharp 2.1's lossy VP8 encoder drops alpha, so an image with transparency is written as
            // lossless WebP (VP8L), which keeps it.
            OutputFormat.Webp => new WebpEncoder
            {
                FileFormat = opaque ? WebpFileFormatType.Lossy : WebpFileFormatType.Lossless,
                Quality = quality,
            },
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
