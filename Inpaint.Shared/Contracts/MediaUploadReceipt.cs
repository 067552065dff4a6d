using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>
/// Eden's answer to <c>POST /media/upload</c>: <see cref="Url"/> is a read-only, expiring link to the stored image and
/// is accepted back as <c>image</c> or <c>mask_image</c> by the key that uploaded it; <see cref="Reference"/> is the
/// same upload as <c>upload:ID</c>, which never expires.
/// </summary>
public sealed record MediaUploadReceipt(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("reference")] string Reference,
    [property: JsonPropertyName("filename")] string Filename,
    [property: JsonPropertyName("mediaAttributes")] MediaAttributes MediaAttributes);
