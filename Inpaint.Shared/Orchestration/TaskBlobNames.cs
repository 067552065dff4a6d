using Inpaint.Shared.Imaging;

namespace Inpaint.Shared.Orchestration;

/// <summary>The deterministic blob names of one task in the <c>tasks</c> container (ARCHITECTURE §4).</summary>
public static class TaskBlobNames
{
    /// <summary>The caller's image, upright: the uploaded bytes as they came (any accepted format), or a PNG when it had to be turned.</summary>
    public static string Source(string taskId) => $"{taskId}/source";
    public static string RawMask(string taskId) => $"{taskId}/mask-raw.png";

    /// <summary>The grown binary mask at working size: what the generator fills.</summary>
    public static string Mask(string taskId, int part = 0) => $"{taskId}/mask{Part(part)}.png";

    /// <summary>The feathered composite alpha at working size.</summary>
    public static string Alpha(string taskId, int part = 0) => $"{taskId}/alpha{Part(part)}.png";

    /// <summary>The working-size crop of the source that the generator sees.</summary>
    public static string Crop(string taskId, int part = 0) => $"{taskId}/crop{Part(part)}.png";

    public static string Preview(string taskId, int part = 0) => $"{taskId}/preview{Part(part)}.png";
    public static string Sample(string taskId, int index, int part = 0) => $"{taskId}/sample-{index}{Part(part)}.png";

    /// <summary>
    /// A region in parts far apart has a crop per part (<see cref="CropPlanner.PlanParts"/>): part 0 keeps the
    /// plain names, so a task with one crop is named as before; part k &gt; 0 adds <c>-k</c>.
    /// </summary>
    private static string Part(int part)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        return part == 0 ? "" : $"-{part}";
    }

    public static string Output(string taskId, int index, OutputFormat format) =>
        $"{taskId}/output-{index}.{ImageEncoder.Extension(format)}";
}
