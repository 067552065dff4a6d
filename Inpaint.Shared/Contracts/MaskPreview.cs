using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>
/// What <c>POST /v2/masks/preview</c> answers: the crop a task with the same arguments would regenerate and
/// the feathered composite alpha over it (over each, when the region is in parts far apart: <see cref="Parts"/>), as a tinted PNG (alpha channel = the alpha) to lay over the photo.
/// </summary>
public sealed record MaskPreview
{
    /// <summary>Size of the source image (after EXIF orientation).</summary>
    [JsonPropertyName("width")] public required int Width { get; init; }

    [JsonPropertyName("height")] public required int Height { get; init; }

    /// <summary>The crop box in source pixels and its working size (the first of <see cref="Parts"/>).</summary>
    [JsonPropertyName("crop")] public required CropArea Crop { get; init; }

    /// <summary>Share of the source pixels the raw region selects (0–1).</summary>
    [JsonPropertyName("coverage")] public required double Coverage { get; init; }

    /// <summary><c>data:image/png;base64,…</c> at the working size: tint colour, alpha = the composite weight; draw it stretched over <see cref="Crop"/>.</summary>
    [JsonPropertyName("overlay")] public required string Overlay { get; init; }

    /// <summary>
    /// Every crop the task would regenerate, with its overlay, the first being <see cref="Crop"/> and <see cref="Overlay"/>:
    /// one unless the region is in parts far apart, each of which gets its own crop at the full working size.
    /// </summary>
    [JsonPropertyName("parts")] public required IReadOnlyList<MaskPreviewPart> Parts { get; init; }

    /// <summary>Credits charged for the preview: always 0.</summary>
    [JsonPropertyName("cost")] public int Cost { get; init; }
}
