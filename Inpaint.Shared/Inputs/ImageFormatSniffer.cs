namespace Inpaint.Shared.Inputs;

/// <summary>Names the format of image bytes by their signature (never by a declared type).</summary>
public static class ImageFormatSniffer
{
    /// <summary>(mime type, extension) for PNG, JPEG or WebP; null for anything else.</summary>
    public static (string MimeType, string Extension)? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return ("image/png", "png");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return ("image/jpeg", "jpg");
        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8)) return ("image/webp", "webp");
        return null;
    }
}
