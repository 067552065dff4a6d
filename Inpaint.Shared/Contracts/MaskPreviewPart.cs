using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>One crop of a mask preview (<see cref="MaskPreview.Parts"/>): where it lies and its composite alpha.</summary>
public sealed record MaskPreviewPart(
    [property: JsonPropertyName("crop")] CropArea Crop,
    [property: JsonPropertyName("overlay")] string Overlay);
