using Inpaint.Shared.Imaging;
using Inpaint.Shared.Regions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.GpuWorker.Tests.Engines;

/// <summary>
/// A tiny real region engine: a prompt names colours (<c>red</c>, <c>green</c>, <c>blue</c>, comma-separated
/// phrases united) and the mask covers the pixels of those colours; the foreground is every pixel that
/// differs from the top-left (background) pixel.
/// </summary>
public sealed class ColourRegions : IRegionEngine
{
    public Task<MaskPlane> SegmentAsync(Image<Rgba32> image, string prompt, CancellationToken cancellationToken)
    {
        var wanted = prompt.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.ToLowerInvariant() switch
            {
                "red" => new Rgba32(255, 0, 0),
                "green" => new Rgba32(0, 255, 0),
                "blue" => new Rgba32(0, 0, 255),
                _ => (Rgba32?)null,
            })
            .OfType<Rgba32>()
            .ToArray();
        var mask = Select(image, p => wanted.Any(w => w.R == p.R && w.G == p.G && w.B == p.B));
        if (!mask.Any())
            throw new RegionNotFoundException(prompt);
        return Task.FromResult(mask);
    }

    public Task<MaskPlane> ForegroundAsync(Image<Rgba32> image, CancellationToken cancellationToken)
    {
        var background = image[0, 0];
        return Task.FromResult(Select(image, p => p != background));
    }

    private static MaskPlane Select(Image<Rgba32> image, Func<Rgba32, bool> inRegion)
    {
        var mask = new MaskPlane(image.Width, image.Height);
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
                mask[x, y] = inRegion(image[x, y]) ? 1f : 0f;
        return mask;
    }
}
