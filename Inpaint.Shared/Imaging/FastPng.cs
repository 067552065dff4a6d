using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Numerics.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// Writes standard PNG (ISO/IEC 15948) on the hot path: every row with the "up" filter, deflated by the runtime's
/// zlib (zlib-ng since .NET 9) at a fast level. ImageSharp 2.1's managed deflate and per-row filter search
/// cost 5–10× more for the same pixels (bench/Inpaint.Pipeline.Bench <c>codecs</c>); any PNG decoder reads the
/// result, and the pixels are exactly the image's. Only what the task writes is supported: 8-bit RGB and RGBA,
/// 8-bit and 16-bit greyscale.
/// </summary>
public static class FastPng
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// zlib-ng level 2: on a 12 MP photo about as small as ImageSharp's default PNG (level 6) at a fifth of its
    /// time; level 1 (zlib-ng's "quick" strategy) is faster still but its files are half as large again.
    /// </summary>
    private const int DeflateLevel = 2;

    /// <summary>Colour types of the IHDR chunk.</summary>
    private const byte Greyscale = 0, Truecolour = 2, TruecolourWithAlpha = 6;

    /// <summary>RGB when <paramref name="withAlpha"/> is false (the caller has checked every pixel is opaque), else RGBA.</summary>
    public static byte[] Encode(Image<Rgba32> image, bool withAlpha)
    {
        ArgumentNullException.ThrowIfNull(image);
        var channels = withAlpha ? 4 : 3;
        return Write(image.Width, image.Height, 8, withAlpha ? TruecolourWithAlpha : Truecolour, image.Width * channels, (y, row) =>
        {
            var pixels = image.DangerousGetPixelRowMemory(y).Span;
            if (withAlpha)
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(pixels).CopyTo(row);
            else
                PixelOperations<Rgba32>.Instance.ToRgb24Bytes(Configuration.Default, pixels, row, pixels.Length);
        });
    }

    /// <summary>8-bit greyscale from one byte per pixel, row-major.</summary>
    public static byte[] EncodeGrey8(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != width * height)
            throw new ArgumentException($"{pixels.Length} samples for {width}×{height}.", nameof(pixels));
        return Write(width, height, 8, Greyscale, width, (y, row) => pixels.AsSpan(y * width, width).CopyTo(row));
    }

    /// <summary>16-bit greyscale from one sample per pixel, row-major (written big-endian, as PNG stores them).</summary>
    public static byte[] EncodeGrey16(int width, int height, ushort[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length != width * height)
            throw new ArgumentException($"{samples.Length} samples for {width}×{height}.", nameof(samples));
        return Write(width, height, 16, Greyscale, width * 2, (y, row) =>
        {
            var source = samples.AsSpan(y * width, width);
            for (var x = 0; x < source.Length; x++) BinaryPrimitives.WriteUInt16BigEndian(row.Slice(2 * x, 2), source[x]);
        });
    }

    private delegate void RowWriter(int y, Span<byte> row);

    private static byte[] Write(int width, int height, byte bitDepth, byte colourType, int rowBytes, RowWriter fill)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = bitDepth;
        header[9] = colourType;
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering (each row names its filter)
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR"u8, header);

        using (var idat = new IdatStream(output))
        using (var zlib = new ZLibStream(idat, new ZLibCompressionOptions { CompressionLevel = DeflateLevel }, leaveOpen: true))
        {
            // Each row: filter type 2 ("up"), then the row minus the row above, byte by byte, modulo 256.
            // The first row's "above" is zeros, so it is written as is.
            var previous = new byte[rowBytes];
            var current = new byte[rowBytes];
            var filtered = new byte[rowBytes + 1];
            filtered[0] = 2;
            for (var y = 0; y < height; y++)
            {
                fill(y, current);
                TensorPrimitives.Subtract<byte>(current, previous, filtered.AsSpan(1));
                zlib.Write(filtered);
                (previous, current) = (current, previous);
            }
        }

        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        output.Write(word);
    }

    /// <summary>Cuts the zlib stream into IDAT chunks of at most 256 KiB as it is written.</summary>
    private sealed class IdatStream(Stream output) : Stream
    {
        private const int ChunkSize = 256 * 1024;
        private readonly byte[] _buffer = new byte[ChunkSize];
        private int _used;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> data)
        {
            while (!data.IsEmpty)
            {
                var take = Math.Min(data.Length, ChunkSize - _used);
                data[..take].CopyTo(_buffer.AsSpan(_used));
                _used += take;
                data = data[take..];
                if (_used == ChunkSize) Flush();
            }
        }

        public override void Flush()
        {
            if (_used == 0) return;
            WriteChunk(output, "IDAT"u8, _buffer.AsSpan(0, _used));
            _used = 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) Flush();
            base.Dispose(disposing);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
