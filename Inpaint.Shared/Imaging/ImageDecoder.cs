using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Inpaint.Shared.Limits;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// Decodes untrusted image bytes. Only PNG, JPEG and WebP are accepted (an ImageSharp configuration that
/// knows those three formats and nothing else). The header is identified first and the limits are checked
/// before any pixel buffer is allocated; EXIF orientation is applied; 16-bit and CMYK/YCCK inputs are
/// converted to 8-bit RGBA. Everything that cannot be used becomes an <see cref="InvalidImageException"/>
/// naming the request field and the problem, never a crash or an out-of-memory.
/// </summary>
public static class ImageDecoder
{
    /// <summary>The decoding configuration: PNG, JPEG and WebP only.</summary>
    public static Configuration Configuration { get; } = new(
        new PngConfigurationModule(),
        new JpegConfigurationModule(),
        new WebpConfigurationModule());

    /// <summary>
    /// Everything about <paramref name="bytes"/> that can be known without decoding a pixel: the format is one
    /// of ours, the header is readable and within <paramref name="limits"/>, the data is complete, and the
    /// EXIF orientation. A task that only needs to know the image is usable (and how big it is upright) stops
    /// here and keeps the bytes as they came.
    /// </summary>
    /// <param name="field">The request field the bytes came from, reported in errors (<c>image</c>, <c>mask_image</c>).</param>
    public static ImageHeader Identify(ReadOnlySpan<byte> bytes, string field, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (bytes.IsEmpty)
            throw new InvalidImageException(field, $"{field}: the file is empty.");

        var format = Image.DetectFormat(Configuration, bytes);
        if (format is null)
            throw new InvalidImageException(field, $"{field}: {DescribeUnsupported(bytes)} Send a PNG, JPEG or WebP image.");

        // WebP first: an animated file decodes every frame at the canvas size, and the canvas is what a future
        // decoder allocates, so both are judged from the container before the decoder sees the data.
        if (format.Name.Equals("WEBP", StringComparison.OrdinalIgnoreCase))
        {
            if (FileCompleteness.IsAnimatedWebp(bytes))
                throw new InvalidImageException(field, $"{field}: animated WebP images are not accepted; send a single frame.");
            if (FileCompleteness.WebpCanvas(bytes) is var (canvasWidth, canvasHeight))
                CheckLimits(field, canvasWidth, canvasHeight, limits);
        }

        IImageInfo? info;
        try
        {
            // ImageSharp 2.1 identifies from an array or a stream only; the copy is the encoded file, not pixels.
            info = Image.Identify(Configuration, bytes.ToArray(), out _);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidImageException(field, $"{field}: the {format.Name} header is corrupt ({ex.Message}).");
        }

        if (info is null)
            throw new InvalidImageException(field, $"{field}: the {format.Name} header could not be read.");
        if (info.Width <= 0 || info.Height <= 0)
            throw new InvalidImageException(field, $"{field}: the image has no pixels ({info.Width}×{info.Height}).");
        CheckLimits(field, info.Width, info.Height, limits);
        if (format.Name.Equals("PNG", StringComparison.OrdinalIgnoreCase) && FileCompleteness.IsNarrowInterlacedPng(bytes))
            throw new InvalidImageException(field,
                $"{field}: interlaced PNGs narrower than 5 px are not accepted ({info.Width}×{info.Height}); save it without interlacing.");

        if (FileCompleteness.Problem(bytes, format.Name) is { } problem)
            throw new InvalidImageException(field, $"{field}: the {format.Name} data is truncated or corrupt: {problem}.");

        return new ImageHeader(format, info.Width, info.Height, Orientation(info));
    }

    /// <summary>Decodes <paramref name="bytes"/> to RGBA, upright, within <paramref name="limits"/>.</summary>
    /// <param name="field">The request field the bytes came from, reported in errors (<c>image</c>, <c>mask_image</c>).</param>
    public static Image<Rgba32> Decode(ReadOnlySpan<byte> bytes, string field, ImageLimits limits)
    {
        var header = Identify(bytes, field, limits);
        var format = header.Format;
        Image<Rgba32> image;
        try
        {
            image = Image.Load<Rgba32>(Configuration, bytes);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidImageException(field, $"{field}: the {format.Name} data is truncated or corrupt ({ex.Message}).");
        }

        try
        {
            // The header and the decoded frame must agree; a mismatch means a file we should not trust.
            if (image.Width != header.StoredWidth || image.Height != header.StoredHeight)
                throw new InvalidImageException(field, $"{field}: the {format.Name} data does not match its header.");
            if (header.Orientation != ImageHeader.Upright)
                image.Mutate(Configuration, x => x.AutoOrient());
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>The EXIF orientation (1–8; 1 = upright, also when there is no EXIF or the value is out of range).</summary>
    private static ushort Orientation(IImageInfo info)
    {
        var value = info.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value ?? ImageHeader.Upright;
        return value is >= 1 and <= 8 ? value : ImageHeader.Upright;
    }

    private static void CheckLimits(string field, int width, int height, ImageLimits limits)
    {
        if (width > limits.MaxSide || height > limits.MaxSide)
            throw new InvalidImageException(field,
                $"{field}: the image is {width}×{height}; each side must be at most {limits.MaxSide} px.");
        if ((long)width * height > limits.MaxPixels)
            throw new InvalidImageException(field,
                $"{field}: the image has {(long)width * height:N0} pixels ({width}×{height}); the limit is {limits.MaxPixels:N0}.");
    }

    /// <summary>Names a format we do not accept from its magic bytes, for the error message.</summary>
    private static string DescribeUnsupported(ReadOnlySpan<byte> bytes)
    {
        var name = Image.DetectFormat(SixLabors.ImageSharp.Configuration.Default, bytes)?.Name
            ?? SniffOther(bytes);
        return name is null
            ? "the file is not a recognised image."
            : $"{name} images are not accepted.";
    }

    private static string? SniffOther(ReadOnlySpan<byte> bytes)
    {
        // ISO-BMFF (HEIF/HEIC/AVIF): a box size, then "ftyp" and a brand.
        if (bytes.Length >= 12 && bytes.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            var brand = bytes.Slice(8, 4);
            if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8)) return "AVIF";
            return "HEIC/HEIF";
        }

        var head = bytes[..Math.Min(bytes.Length, 512)];
        var trimmed = System.Text.Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.StartsWith("<svg", StringComparison.OrdinalIgnoreCase)
            || (trimmed.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && trimmed.Contains("<svg", StringComparison.OrdinalIgnoreCase)))
            return "SVG";
        return null;
    }
}
