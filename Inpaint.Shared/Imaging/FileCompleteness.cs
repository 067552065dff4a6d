using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// Structural checks that catch truncated or cut-short files the decoders would otherwise accept (ImageSharp
/// 2.1 fills what is missing with black or grey instead of failing, and a task then charged for a picture half
/// made of nothing): a PNG must end with IEND after chunks that all fit, and its image data must inflate to
/// every row the header promises; a JPEG must have an end-of-image marker after its last start-of-scan; a
/// WebP's RIFF size and each of its chunks must fit in the bytes received.
/// </summary>
internal static class FileCompleteness
{
    /// <summary>Null when the container looks complete, else what is wrong.</summary>
    public static string? Problem(ReadOnlySpan<byte> bytes, string formatName) => formatName.ToUpperInvariant() switch
    {
        "PNG" => PngProblem(bytes),
        "JPEG" => JpegProblem(bytes),
        "WEBP" => WebpProblem(bytes),
        _ => null,
    };

    private static string? JpegProblem(ReadOnlySpan<byte> bytes)
    {
        // In entropy-coded data 0xFF is always followed by 0x00 or a restart marker, so FF DA (SOS) and
        // FF D9 (EOI) only occur as real markers. An embedded EXIF thumbnail has its own SOS/EOI, but they
        // come before the main image's last SOS.
        var lastScan = LastMarker(bytes, 0xDA);
        if (lastScan < 0) return "it has no image data";
        var end = LastMarker(bytes, 0xD9);
        return end > lastScan ? null : "it ends before the end-of-image marker";
    }

    private static string? WebpProblem(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 12) return "it is shorter than a WebP header";
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..8]);
        if (declared + 8L > bytes.Length) return $"its header declares {declared + 8L} bytes but only {bytes.Length} arrived";
        var end = (int)(declared + 8L);
        for (var offset = 12; offset < end;)
        {
            if (offset + 8 > end) return "it ends inside a chunk header";
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(offset + 4, 4));
            if (offset + 8L + size > end) return $"its {Encoding.ASCII.GetString(bytes.Slice(offset, 4))} chunk declares {size} bytes but the file ends before";
            offset = (int)(offset + 8L + size + (size & 1));
        }

        return null;
    }

    /// <summary>
    /// Walks the chunks (each must fit, IEND must come) and inflates the IDAT stream without keeping it, to
    /// count the filtered bytes against what IHDR promises. This is the only check that sees a stream cut
    /// short at a chunk boundary, and it costs one inflate, less than the decode that follows.
    /// </summary>
    private static string? PngProblem(ReadOnlySpan<byte> bytes)
    {
        const int signature = 8;
        if (bytes.Length < signature + 25) return "it is shorter than a PNG header";
        long expected = -1;
        var sawEnd = false;
        using var idat = new MemoryStream();
        for (var offset = signature; offset < bytes.Length;)
        {
            if (offset + 12 > bytes.Length) return "it ends inside a chunk";
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(offset, 4));
            var type = bytes.Slice(offset + 4, 4);
            if (offset + 12L + length > bytes.Length)
                return $"its {Encoding.ASCII.GetString(type)} chunk declares {length} bytes but the file ends before";
            var data = bytes.Slice(offset + 8, (int)length);
            if (type.SequenceEqual("IHDR"u8) && length >= 13) expected = PngFilteredSize(data);
            else if (type.SequenceEqual("IDAT"u8)) idat.Write(data);
            else if (type.SequenceEqual("IEND"u8))
            {
                sawEnd = true;
                break;
            }

            offset = (int)(offset + 12L + length);
        }

        if (!sawEnd) return "it ends before its IEND chunk";
        if (expected < 0) return null;   // an odd header: the decoder reports it
        idat.Position = 0;
        var inflated = InflatedLength(idat, expected);
        return inflated switch
        {
            null => "its image data does not inflate",
            { } n when n < expected => $"its image data holds {n} of the {expected} bytes its header promises",
            _ => null,
        };
    }

    /// <summary>
    /// Whether this is an Adam7-interlaced PNG narrower than 5 px. ImageSharp 2.1.13 skips an Adam7 pass that has no
    /// columns without moving to the next pass's first row, so for such widths it reads rows that are not there:
    /// it loops forever at the end of the data, throws, or places pixels wrongly. These files never reach it.
    /// </summary>
    public static bool IsNarrowInterlacedPng(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 29 && bytes.Slice(12, 4).SequenceEqual("IHDR"u8)
        && bytes[28] == 1 && BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(16, 4)) < 5;

    /// <summary>Bytes of filtered scanlines (one filter byte per row) an IHDR promises; Adam7 passes summed when interlaced.</summary>
    private static long PngFilteredSize(ReadOnlySpan<byte> ihdr)
    {
        long width = BinaryPrimitives.ReadUInt32BigEndian(ihdr);
        long height = BinaryPrimitives.ReadUInt32BigEndian(ihdr[4..]);
        int bitDepth = ihdr[8];
        var channels = ihdr[9] switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
        if (channels == 0 || bitDepth is not (1 or 2 or 4 or 8 or 16)) return -1;
        long bitsPerPixel = channels * bitDepth;
        long Rows(long w, long h) => w == 0 || h == 0 ? 0 : h * (1 + ((w * bitsPerPixel) + 7) / 8);
        if (ihdr[12] == 0) return Rows(width, height);

        // Adam7: pass p starts at (x0, y0) and steps (dx, dy).
        ReadOnlySpan<(int X0, int Y0, int Dx, int Dy)> passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];
        long total = 0;
        foreach (var (x0, y0, dx, dy) in passes)
            total += Rows((width - x0 + dx - 1) / dx, (height - y0 + dy - 1) / dy);
        return total;
    }

    /// <summary>How many bytes the zlib stream inflates to, counting no further than <paramref name="enough"/>; null when it is corrupt.</summary>
    private static long? InflatedLength(Stream zlib, long enough)
    {
        try
        {
            using var inflate = new ZLibStream(zlib, CompressionMode.Decompress, leaveOpen: true);
            var scratch = ArrayPool<byte>.Shared.Rent(1 << 16);
            try
            {
                long total = 0;
                int read;
                while (total < enough && (read = inflate.Read(scratch, 0, scratch.Length)) > 0) total += read;
                return total;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// True for an animated WebP (VP8X with the animation flag, or any ANIM/ANMF chunk). Its frames are all
    /// decoded, each up to the canvas size, so a small file of many frames could allocate without bound.
    /// </summary>
    public static bool IsAnimatedWebp(ReadOnlySpan<byte> bytes)
    {
        for (var offset = 12; offset + 8 <= bytes.Length;)
        {
            var fourCc = bytes.Slice(offset, 4);
            if (fourCc.SequenceEqual("ANIM"u8) || fourCc.SequenceEqual("ANMF"u8)) return true;
            if (fourCc.SequenceEqual("VP8X"u8) && offset + 9 <= bytes.Length && (bytes[offset + 8] & 0x02) != 0) return true;
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(offset + 4, 4));
            var next = offset + 8L + size + (size & 1);   // chunks are padded to an even size
            if (next > bytes.Length) break;
            offset = (int)next;
        }

        return false;
    }

    /// <summary>The canvas size an extended WebP (VP8X) declares, or null for a simple WebP.</summary>
    public static (int Width, int Height)? WebpCanvas(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 30 || !bytes.Slice(12, 4).SequenceEqual("VP8X"u8)) return null;
        var width = 1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16));
        var height = 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16));
        return (width, height);
    }

    private static int LastMarker(ReadOnlySpan<byte> bytes, byte marker)
    {
        ReadOnlySpan<byte> pair = [0xFF, marker];
        return bytes.LastIndexOf(pair);   // vectorised search from the end
    }
}
