using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

public sealed record MediaAttributes(
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("mimeType")] string MimeType);
