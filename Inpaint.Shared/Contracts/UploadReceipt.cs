using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>Answer to an upload: <see cref="Reference"/> is usable as <c>image</c> or <c>mask_image</c>.</summary>
public sealed record UploadReceipt(
    [property: JsonPropertyName("reference")] string Reference,
    [property: JsonPropertyName("filename")] string Filename,
    [property: JsonPropertyName("mediaAttributes")] MediaAttributes MediaAttributes);
