using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

using Inpaint.Shared.Imaging;
using Inpaint.Shared.Limits;

namespace Inpaint.Shared.Tests.Imaging;

public class ImageDecoderTests
{
    [Fact]
    public void Png_round_trips_bit_for_bit_with_alpha()
    {
        using var original = TestImages.Noise(37, 23, seed: 5, alpha: true);
        var bytes = ImageEncoder.Encode(original, OutputFormat.Png);
        using var decoded = ImageDecoder.Decode(bytes, "image", ImageLimits.Default);
        Assert.True(TestImages.SamePixels(original, decoded, out var diff), diff);
    }

    [Fact]
    public void Jpeg_and_webp_decode_to_the_right_size()
    {
        using var original = TestImages.Gradient(64, 48);
        using var jpeg = ImageDecoder.Decode(TestImages.Encode(original, new JpegEncoder()), "image", ImageLimits.Default);
        using var webp = ImageDecoder.Decode(TestImages.Encode(original, new WebpEncoder()), "image", ImageLimits.Default);
        Assert.Equal((64, 48), (jpeg.Width, jpeg.Height));
        Assert.Equal((64, 48), (webp.Width, webp.Height));
    }

    [Theory]
    [InlineData("gif", "GIF")]
    [InlineData("bmp", "BMP")]
    [InlineData("tiff", "TIFF")]
    public void Other_raster_formats_are_refused_by_name(string kind, string name)
    {
        using var image = TestImages.Gradient(8, 8);
        var bytes = kind switch
        {
            "gif" => TestImages.Encode(image, new GifEncoder()),
            "bmp" => TestImages.Encode(image, new BmpEncoder()),
            _ => TestImages.Encode(image, new TiffEncoder()),
        };
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(bytes, "image", ImageLimits.Default));
        Assert.Equal("image", error.Field);
        Assert.Contains(name, error.Message);
        Assert.Contains("PNG, JPEG or WebP", error.Message);
    }

    [Fact]
    public void Svg_is_refused_by_name()
    {
        var bytes = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>"u8.ToArray();
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(bytes, "mask_image", ImageLimits.Default));
        Assert.Equal("mask_image", error.Field);
        Assert.Contains("SVG", error.Message);
    }

    [Fact]
    public void Heic_is_refused_by_name()
    {
        // An ISO-BMFF 'ftyp' box with the 'heic' brand, as every HEIC file starts.
        byte[] bytes = [0, 0, 0, 24, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'h', (byte)'e', (byte)'i', (byte)'c', 0, 0, 0, 0, (byte)'m', (byte)'i', (byte)'f', (byte)'1', (byte)'h', (byte)'e', (byte)'i', (byte)'c'];
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(bytes, "image", ImageLimits.Default));
        Assert.Contains("HEIC", error.Message);
    }

    [Fact]
    public void Empty_input_is_refused()
    {
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode([], "image", ImageLimits.Default));
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void Header_claiming_100000_by_100000_is_refused_before_decoding()
    {
        var bytes = PngWithHeader(100_000, 100_000);
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(bytes, "image", ImageLimits.Default));
        Assert.Contains("100000×100000", error.Message);
        Assert.Contains("12000", error.Message.Replace(",", "").Replace(" ", ""));
    }

    [Fact]
    public void Pixel_limit_is_enforced_from_the_header()
    {
        using var image = TestImages.Gradient(100, 100);
        var bytes = ImageEncoder.Encode(image, OutputFormat.Png);
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(bytes, "image", new ImageLimits(MaxPixels: 9_999)));
        Assert.Contains("10,000 pixels", error.Message);
    }

    /// <summary>A PNG signature and an IHDR chunk (with a valid CRC) claiming the given size, and nothing else.</summary>
    internal static byte[] PngWithHeader(int width, int height, byte bitDepth = 8, byte colorType = 6)
    {
        var ihdr = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = bitDepth;
        ihdr[9] = colorType;
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(stream, "IHDR", ihdr);
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    internal static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        var crc = Crc32([.. typeBytes, .. data]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(length, crc);
        stream.Write(length);
    }

    /// <summary>The PNG chunk CRC (ISO 3309, polynomial 0xEDB88320).</summary>
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }

        return ~crc;
    }
}
