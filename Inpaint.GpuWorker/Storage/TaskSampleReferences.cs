using Inpaint.Shared.Imaging;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Worker;

namespace Inpaint.GpuWorker.Storage;

/// <summary>
/// The only blobs a <c>/v1/generate</c> request may name: one task's own crop, mask and alpha of one part of its
/// region in the <c>tasks</c> container and one of that task's sample names for the same part
/// (<see cref="TaskBlobNames"/>; part 0 has the plain names, part k &lt; <see cref="CropParts.MaxParts"/> adds <c>-k</c>). The worker may read
/// and write the whole account, so anything else (another container, another task's blob, a URL, a path that
/// climbs out of the task's prefix) is refused with 400 naming the field before any blob is touched.
/// </summary>
public static class TaskSampleReferences
{
    /// <summary>Checks every reference of <paramref name="request"/>; returns the task's id.</summary>
    public static string Check(GenerateWorkRequest request)
    {
        var (taskId, part) = CropOf(request.Crop);
        Expect(request.Mask, "mask", TaskBlobNames.Mask(taskId, part));
        Expect(request.Alpha, "alpha", TaskBlobNames.Alpha(taskId, part));
        var output = NameIn(request.Output, "output");
        if (!IsSampleName(output, taskId, part))
            throw new InvalidBlobReferenceException("output", $"output must be a sample of task {taskId} ({TaskBlobNames.Sample(taskId, 0, part)}, …); got '{output}'");
        return taskId;
    }

    /// <summary>The task and the part whose crop <paramref name="crop"/> names, exactly as <see cref="TaskBlobNames.Crop"/> writes it.</summary>
    private static (string TaskId, int Part) CropOf(BlobReference? crop)
    {
        var name = NameIn(crop, "crop");
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var taskId = slash < 0 ? "" : name[..slash];
        if (TaskIds.IsWellFormed(taskId))
        {
            for (var part = 0; part < CropParts.MaxParts; part++)
            {
                if (name == TaskBlobNames.Crop(taskId, part)) return (taskId, part);
            }
        }

        throw new InvalidBlobReferenceException("crop", $"crop must be a task's crop ({TaskBlobNames.Crop("<task id>")}, or {TaskBlobNames.Crop("<task id>", 1)} … for a part); got '{name}'");
    }

    private static void Expect(BlobReference? reference, string field, string expected)
    {
        var name = NameIn(reference, field);
        if (name != expected)
            throw new InvalidBlobReferenceException(field, $"{field} must be the task's own {expected}; got '{name}'");
    }

    /// <summary>The blob name of a reference by container and name in <c>tasks</c>; URLs are not task references.</summary>
    private static string NameIn(BlobReference? reference, string field)
    {
        if (reference is null)
            throw new InvalidBlobReferenceException(field, $"{field} is required");
        if (reference.Url is not null || reference.Container != BlobContainers.Tasks || reference.Name is null)
            throw new InvalidBlobReferenceException(field, $"{field} must name a blob in the '{BlobContainers.Tasks}' container by container and name; got {reference}");
        return reference.Name;
    }

    /// <summary>
    /// <c>{taskId}/sample-{i}.png</c> (<c>sample-{i}-{part}.png</c>) exactly as <see cref="TaskBlobNames.Sample"/>
    /// writes it for <paramref name="part"/> (no sign, no leading zeros).
    /// </summary>
    private static bool IsSampleName(string name, string taskId, int part)
    {
        var prefix = TaskBlobNames.Sample(taskId, 0)[..^"0.png".Length];
        var suffix = TaskBlobNames.Sample(taskId, 0, part)[(prefix.Length + 1)..];
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(suffix, StringComparison.Ordinal) || name.Length <= prefix.Length + suffix.Length)
            return false;
        var digits = name[prefix.Length..^suffix.Length];
        return digits.Length is > 0 and <= 3 && digits.All(char.IsAsciiDigit)
            && int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) is var index
            && name == TaskBlobNames.Sample(taskId, index, part);
    }
}
