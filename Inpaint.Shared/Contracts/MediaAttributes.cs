using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>
/// Eden's media attributes of a stored file: <c>{type, mimeType, width, height, aspectRatio}</c>. The type and the
/// aspect ratio follow from the other three, so they are derived, never stored.
/// </summary>
public sealed record MediaAttributes(
    [property: JsonPropertyName("width"), JsonPropertyOrder(2)] int Width,
    [property: JsonPropertyName("height"), JsonPropertyOrder(3)] int Height,
    [property: JsonPropertyName("mimeType"), JsonPropertyOrder(1)] string MimeType)
{
    /// <summary>Every file this service stores is an image.</summary>
    [JsonPropertyName("type"), JsonPropertyOrder(0)]
    public string Type => "image";

    /// <summary>Width over height, to 4 decimals; null when the size is not known (rows written before it was recorded).</summary>
    [JsonPropertyName("aspectRatio"), JsonPropertyOrder(4)]
    public double? AspectRatio => Width > 0 && Height > 0 ? Math.Round((double)Width / Height, 4) : null;
}
