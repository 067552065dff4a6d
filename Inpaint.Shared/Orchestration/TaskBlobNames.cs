using Inpaint.Shared.Imaging;

namespace Inpaint.Shared.Orchestration;

/// <summary>The deterministic blob names of one task in the <c>tasks</c> container (ARCHITECTURE §4).</summary>
public static class TaskBlobNames
{
    /// <summary>The caller's image, upright: the uploaded bytes as they came (any accepted format), or a PNG when it had to be turned.</summary>
    public static string Source(string taskId) => $"{taskId}/source";
    public static string RawMask(string taskId) => $"{taskId}/mask-raw.png";

    /// <summary>The grown binary mask at working size: what the generator fills.</summary>
    public static string Mask(string taskId) => $"{taskId}/mask.png";

    /// <summary>The feathered composite alpha at working size.</summary>
    public static string Alpha(string taskId) => $"{taskId}/alpha.png";

    /// <summary>The working-size crop of the source that the generator sees.</summary>
    public static string Crop(string taskId) => $"{taskId}/crop.png";

    public static string Preview(string taskId) => $"{taskId}/preview.png";
    public static string Sample(string taskId, int index) => $"{taskId}/sample-{index}.png";

    public static string Output(string taskId, int index, OutputFormat format) =>
        $"{taskId}/output-{index}.{ImageEncoder.Extension(format)}";
}
