using Inpaint.Shared.Imaging;

namespace Inpaint.Shared.Inputs;

/// <summary>Decodes <c>data:[type];base64,…</c>. The declared type is not trusted: the decoder identifies the bytes.</summary>
public static class DataUri
{
    public static byte[] Decode(string uri, string field)
    {
        var comma = uri.IndexOf(',');
        if (comma < 0 || !uri[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            throw new InvalidImageException(field, $"{field} must be a base64 data: URI (data:image/png;base64,...)");
        try
        {
            var bytes = Convert.FromBase64String(uri[(comma + 1)..]);
            if (bytes.Length == 0) throw new InvalidImageException(field, $"{field} is empty");
            return bytes;
        }
        catch (FormatException)
        {
            throw new InvalidImageException(field, $"{field} has invalid base64 data");
        }
    }
}
