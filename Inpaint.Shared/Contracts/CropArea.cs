using System.Text.Json.Serialization;
using Inpaint.Shared.Imaging;

namespace Inpaint.Shared.Contracts;

/// <summary>
/// A crop box as the API reports it (the mask preview, and each sample of a result): where the crop lies in the
/// source, in source pixels, and the working size it was generated at — enough to reproduce the working image.
/// </summary>
public sealed record CropArea(
    [property: JsonPropertyName("x")] int X,
    [property: JsonPropertyName("y")] int Y,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("work_width")] int WorkWidth,
    [property: JsonPropertyName("work_height")] int WorkHeight)
{
    public static CropArea Of(CropBox box)
    {
        ArgumentNullException.ThrowIfNull(box);
        return new CropArea(box.X, box.Y, box.Width, box.Height, box.WorkWidth, box.WorkHeight);
    }
}
