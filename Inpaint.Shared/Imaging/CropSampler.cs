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

    /// <summary>
    /// The crop as an engine may see it: <see cref="Extract(Image{Rgba32}, CropBox)"/>, then <see cref="HideRegion"/>.
    /// </summary>
    public static Image<Rgba32> Extract(Image<Rgba32> source, CropBox box, MaskPlane hidden)
    {
        var crop = Extract(source, box);
        try
        {
            HideRegion(crop, hidden);
            return crop;
        }
        catch
        {
            crop.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sets every pixel of <paramref name="crop"/> under <paramref name="hidden"/> (values ≥ 0.5, the working-size
    /// generation mask) to the mean colour of the pixels it leaves, opaque. The region's old content therefore never
    /// reaches an engine, and what the engine makes does not depend on it (<see cref="RegionCover"/> puts every
    /// working pixel resampled from a region pixel in the mask).
    /// </summary>
    public static void HideRegion(Image<Rgba32> crop, MaskPlane hidden)
    {
        ArgumentNullException.ThrowIfNull(crop);
        ArgumentNullException.ThrowIfNull(hidden);
        if (hidden.Width != crop.Width || hidden.Height != crop.Height)
            throw new ArgumentException($"The mask is {hidden.Width}×{hidden.Height}; the crop is {crop.Width}×{crop.Height}.", nameof(hidden));
        long r = 0, g = 0, b = 0, known = 0;
        crop.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                var mask = hidden.Row(y);
                for (var x = 0; x < row.Length; x++)
                {
                    if (mask[x] >= 0.5f) continue;
                    r += row[x].R; g += row[x].G; b += row[x].B; known++;
                }
            }

            var fill = known == 0
                ? new Rgba32(128, 128, 128, 255)
                : new Rgba32((byte)((r + known / 2) / known), (byte)((g + known / 2) / known), (byte)((b + known / 2) / known), 255);
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                var mask = hidden.Row(y);
                for (var x = 0; x < row.Length; x++)
                    if (mask[x] >= 0.5f) row[x] = fill;
            }
        });
    }

    internal static void CheckInside(CropBox box, int width, int height)
    {
        if (box.X < 0 || box.Y < 0 || box.Width <= 0 || box.Height <= 0 || box.X + box.Width > width || box.Y + box.Height > height)
            throw new ArgumentOutOfRangeException(nameof(box), box, $"The crop box is not inside the {width}×{height} image.");
        if (box.WorkWidth <= 0 || box.WorkHeight <= 0)
            throw new ArgumentOutOfRangeException(nameof(box), box, "The working size must be positive.");
    }
}
