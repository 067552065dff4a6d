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

    private static int LastMarker(ReadOnlySpan<byte> bytes, byte marker)
    {
        ReadOnlySpan<byte> pair = [0xFF, marker];
        return bytes.LastIndexOf(pair);   // vectorised search from the end
    }
}
