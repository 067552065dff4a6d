using System.Buffers.Binary;
using System.Text;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Local.Tests.Hostile;

/// <summary>Malformed, lying and oversized image files, made in code.</summary>
public static class HostileFiles
{
    public static byte[] Encode(int width, int height, IImageEncoder encoder)
    {
        using var image = TestImages.Photo(width, height);
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    public static byte[] Png(int width = 32, int height = 24) => Encode(width, height, new PngEncoder());

    public static byte[] Jpeg(int width = 32, int height = 24) => Encode(width, height, new JpegEncoder { Quality = 90 });

    public static byte[] Webp(int width = 32, int height = 24) => Encode(width, height, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless });

    public static byte[] Solid(int width, int height, Rgba32 colour, IImageEncoder? encoder = null)
    {
        using var image = new Image<Rgba32>(width, height, colour);
        using var stream = new MemoryStream();
        image.Save(stream, encoder ?? new PngEncoder());
        return stream.ToArray();
    }

    public static byte[] Truncated(byte[] bytes) => bytes[..(bytes.Length / 2)];

    /// <summary>A PNG whose IHDR declares <paramref name="width"/>×<paramref name="height"/> (valid CRC) and has no pixels.</summary>
    public static byte[] PngHeader(uint width, uint height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;   // bit depth
        ihdr[9] = 6;   // RGBA
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(stream, "IHDR", ihdr);
        WriteChunk(stream, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    /// <summary>A valid PNG with one bit flipped inside its image data (the chunk CRC no longer matches).</summary>
    public static byte[] PngWithBadCrc()
    {
        var bytes = Png(64, 64);
        var idat = bytes.AsSpan().IndexOf("IDAT"u8);
        bytes[idat + 10] ^= 0x40;
        return bytes;
    }

    /// <summary>A real JPEG whose SOF0 frame header claims <paramref name="width"/>×<paramref name="height"/>.</summary>
    public static byte[] JpegClaiming(ushort width, ushort height)
    {
        var bytes = Jpeg();
        var sof = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xC0]);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 5), height);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 7), width);
        return bytes;
    }

    /// <summary>An extended WebP (VP8X) whose canvas is 16384×16384, holding a tiny lossless frame.</summary>
    public static byte[] WebpCanvasBomb() => Riff(Vp8x(16384, 16384, animated: false), Vp8lChunk());

    /// <summary>
    /// An animated WebP of <paramref name="frames"/> tiny frames on a canvas just inside the limits: each frame
    /// is decoded to the full canvas, so 200 frames would be 200 × 16 MB from a file of a few kilobytes.
    /// </summary>
    public static byte[] AnimatedWebp(int frames, int canvas = 2000)
    {
        var vp8l = Vp8lChunk();
        var chunks = new List<byte[]> { Vp8x(canvas, canvas, animated: true), Chunk("ANIM", [0, 0, 0, 0, 0, 0]) };
        for (var i = 0; i < frames; i++)
        {
            var payload = new byte[16 + vp8l.Length];
            WriteUInt24(payload.AsSpan(6), 7);    // width − 1 (8 px)
            WriteUInt24(payload.AsSpan(9), 7);    // height − 1
            WriteUInt24(payload.AsSpan(12), 40);  // duration, ms
            vp8l.CopyTo(payload, 16);
            chunks.Add(Chunk("ANMF", payload));
        }

        return Riff([.. chunks]);
    }

    public static byte[] AnimatedGif()
    {
        using var image = TestImages.Photo(16, 16);
        using var second = TestImages.Photo(16, 16);
        image.Frames.AddFrame(second.Frames.RootFrame);
        using var stream = new MemoryStream();
        image.Save(stream, new GifEncoder());
        return stream.ToArray();
    }

    /// <summary>An APNG-looking PNG: acTL before IDAT. ImageSharp 2.1 decodes the default image only.</summary>
    public static byte[] ApngLike()
    {
        var bytes = Png(16, 16);
        var actl = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(actl, 500);   // frames
        using var stream = new MemoryStream();
        stream.Write(bytes, 0, 33);                          // signature + IHDR
        WriteChunk(stream, "acTL", actl);
        stream.Write(bytes, 33, bytes.Length - 33);
        return stream.ToArray();
    }

    public static byte[] Gif() => Encode(16, 16, new GifEncoder());

    public static byte[] Tiff() => Encode(16, 16, new TiffEncoder());

    public static byte[] Bmp() => Encode(16, 16, new BmpEncoder());

    public static byte[] Svg() => Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><image href=\"http://169.254.169.254/\"/></svg>");

    public static byte[] Heic()
    {
        var bytes = new byte[64];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 24);
        "ftypheic"u8.CopyTo(bytes.AsSpan(4));
        "mif1heic"u8.CopyTo(bytes.AsSpan(16));
        return bytes;
    }

    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    static byte[] Vp8lChunk()
    {
        var webp = Encode(8, 8, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless });
        return webp[12..];   // after "RIFF", size, "WEBP": the VP8L chunk
    }

    static byte[] Vp8x(int width, int height, bool animated)
    {
        var payload = new byte[10];
        payload[0] = (byte)(animated ? 0x02 : 0x00);
        WriteUInt24(payload.AsSpan(4), width - 1);
        WriteUInt24(payload.AsSpan(7), height - 1);
        return Chunk("VP8X", payload);
    }

    static byte[] Chunk(string fourCc, byte[] payload)
    {
        var chunk = new byte[8 + payload.Length + (payload.Length & 1)];
        Encoding.ASCII.GetBytes(fourCc).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(chunk, 8);
        return chunk;
    }

    static byte[] Riff(params byte[][] chunks)
    {
        var body = chunks.SelectMany(c => c).ToArray();
        var riff = new byte[12 + body.Length];
        "RIFF"u8.CopyTo(riff);
        BinaryPrimitives.WriteUInt32LittleEndian(riff.AsSpan(4), (uint)(4 + body.Length));
        "WEBP"u8.CopyTo(riff.AsSpan(8));
        body.CopyTo(riff, 12);
        return riff;
    }

    static void WriteUInt24(Span<byte> span, int value)
    {
        span[0] = (byte)value;
        span[1] = (byte)(value >> 8);
        span[2] = (byte)(value >> 16);
    }

    static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        stream.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        stream.Write(crc);
    }

    static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }

        return ~crc;
    }
}
