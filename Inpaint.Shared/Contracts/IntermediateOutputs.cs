using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>The refined mask and a preview of the region over the photo, as read-only links.</summary>
public sealed record IntermediateOutputs(
    [property: JsonPropertyName("mask")] string Mask,
    [property: JsonPropertyName("preview")] string Preview);
