using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>A stored file, reachable through a short-lived read-only <see cref="Url"/>.</summary>
public sealed record OutputFile
{
    [JsonPropertyName("url")] public required string Url { get; init; }
    [JsonPropertyName("filename")] public required string Filename { get; init; }
    [JsonPropertyName("mediaAttributes")] public required MediaAttributes MediaAttributes { get; init; }
}
