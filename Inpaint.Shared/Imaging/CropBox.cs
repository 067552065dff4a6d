namespace Inpaint.Shared.Imaging;

/// <summary>
/// The part of the source image that is regenerated: a box in source pixels, and the working size the
/// generator sees (long side = the requested resolution, both sides multiples of 16).
/// </summary>
public sealed record CropBox(int X, int Y, int Width, int Height, int WorkWidth, int WorkHeight)
{
    /// <summary>Working pixels per source pixel along x.</summary>
    public double ScaleX => (double)WorkWidth / Width;

    /// <summary>Working pixels per source pixel along y.</summary>
    public double ScaleY => (double)WorkHeight / Height;
}
