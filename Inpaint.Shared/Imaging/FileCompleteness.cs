using System.Buffers.Binary;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// Structural checks that catch truncated uploads the decoders would otherwise accept (ImageSharp fills
/// a cut-off JPEG or WebP with grey instead of failing): a JPEG must have an end-of-image marker after its
/// last start-of-scan; a WebP's RIFF size must fit in the bytes received. PNG truncation is reported by
/// the decoder itself (its chunks are checksummed).
/// </summary>
internal static class FileCompleteness
{
    /// <summary>Null when the container looks complete, else what is wrong.</summary>
    public static string? Problem(ReadOnlySpan<byte> bytes, string formatName) => formatName.ToUpperInvariant() switch
    {
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
        return declared + 8L > bytes.Length ? $"its header declares {declared + 8L} bytes but only {bytes.Length} arrived" : null;
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
