using System.Text.Json.Serialization;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// The part of the source image that is regenerated: a box in source pixels, and the working size the
/// generator sees (long side = the requested resolution, both sides multiples of 16).
/// </summary>
public sealed record CropBox(int X, int Y, int Width, int Height, int WorkWidth, int WorkHeight)
{
    /// <summary>Working pixels per source pixel along x (derived; not serialised into activity payloads).</summary>
    [JsonIgnore]
    public double ScaleX => (double)WorkWidth / Width;

    /// <summary>Working pixels per source pixel along y (derived; not serialised into activity payloads).</summary>
    [JsonIgnore]
    public double ScaleY => (double)WorkHeight / Height;
}
