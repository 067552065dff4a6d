using SixLabors.ImageSharp.Formats;

namespace Inpaint.Shared.Imaging;

/// <summary>
/// An image identified from its header (<see cref="ImageDecoder.Identify"/>): the format, the size as stored,
/// and the EXIF orientation that turns it upright.
/// </summary>
public sealed record ImageHeader(IImageFormat Format, int StoredWidth, int StoredHeight, ushort Orientation)
{
    /// <summary>EXIF orientation 1: the stored pixels are already upright.</summary>
    public const ushort Upright = 1;

    /// <summary>Orientations 5–8 turn the image a quarter, so the upright image's sides are swapped.</summary>
    private bool Transposed => Orientation >= 5;

    public int Width => Transposed ? StoredHeight : StoredWidth;

    public int Height => Transposed ? StoredWidth : StoredHeight;

    public string MimeType => Format.DefaultMimeType;
}
