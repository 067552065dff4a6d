using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>A crop box as the mask preview reports it (source pixels, plus the working size).</summary>
public sealed record MaskPreviewCrop(
    [property: JsonPropertyName("x")] int X,
    [property: JsonPropertyName("y")] int Y,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("work_width")] int WorkWidth,
    [property: JsonPropertyName("work_height")] int WorkHeight);
