using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Inpaint.Shared.Imaging;

/// <summary>Cuts the crop box out of the source and scales it to the working size (bicubic, premultiplied alpha).</summary>
public static class CropSampler
{
    public static Image<Rgba32> Extract(Image<Rgba32> source, CropBox box)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(box);
        CheckInside(box, source.Width, source.Height);
        var rectangle = new Rectangle(box.X, box.Y, box.Width, box.Height);
        if (box.Width == box.WorkWidth && box.Height == box.WorkHeight)
            return source.Clone(x => x.Crop(rectangle));
        return source.Clone(x => x
            .Crop(rectangle)
            .Resize(new ResizeOptions
            {
                Size = new Size(box.WorkWidth, box.WorkHeight),
                Mode = ResizeMode.Stretch,
                Sampler = KnownResamplers.Bicubic,
            }));
    }

    internal static void CheckInside(CropBox box, int width, int height)
    {
        if (box.X < 0 || box.Y < 0 || box.Width <= 0 || box.Height <= 0 || box.X + box.Width > width || box.Y + box.Height > height)
            throw new ArgumentOutOfRangeException(nameof(box), box, $"The crop box is not inside the {width}×{height} image.");
        if (box.WorkWidth <= 0 || box.WorkHeight <= 0)
            throw new ArgumentOutOfRangeException(nameof(box), box, "The working size must be positive.");
    }
}
