using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Regions;

/// <summary>
/// Turns a description of a region into a mask at the image's size (1 = the region).
/// Implemented by the ONNX engines in-process or through the GPU worker.
/// </summary>
public interface IRegionEngine
{
    /// <summary>Mask of what <paramref name="prompt"/> describes; comma-separated phrases are united.
    /// Throws <see cref="RegionNotFoundException"/> when nothing matches.</summary>
    Task<MaskPlane> SegmentAsync(Image<Rgba32> image, string prompt, CancellationToken cancellationToken);

    /// <summary>Salient-object (foreground) mask; the background is its inverse.</summary>
    Task<MaskPlane> ForegroundAsync(Image<Rgba32> image, CancellationToken cancellationToken);
}
