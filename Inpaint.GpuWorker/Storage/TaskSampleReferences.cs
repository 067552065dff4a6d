using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Worker;

namespace Inpaint.GpuWorker.Storage;

/// <summary>
/// The only blobs a <c>/v1/generate</c> request may name: one task's own crop, mask and alpha in the
/// <c>tasks</c> container and one of that task's sample names (<see cref="TaskBlobNames"/>). The worker may read
/// and write the whole account, so anything else (another container, another task's blob, a URL, a path that
/// climbs out of the task's prefix) is refused with 400 naming the field before any blob is touched.
/// </summary>
public static class TaskSampleReferences
{
    /// <summary>Checks every reference of <paramref name="request"/>; returns the task's id.</summary>
    public static string Check(GenerateWorkRequest request)
    {
        var taskId = TaskIdOf(request.Crop);
        Expect(request.Mask, "mask", TaskBlobNames.Mask(taskId));
        Expect(request.Alpha, "alpha", TaskBlobNames.Alpha(taskId));
        var output = NameIn(request.Output, "output");
        if (!IsSampleName(output, taskId))
            throw new InvalidBlobReferenceException("output", $"output must be a sample of task {taskId} ({TaskBlobNames.Sample(taskId, 0)}, …); got '{output}'");
        return taskId;
    }

    private static string TaskIdOf(BlobReference? crop)
    {
        var name = NameIn(crop, "crop");
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var taskId = slash < 0 ? "" : name[..slash];
        if (!TaskIds.IsWellFormed(taskId) || name != TaskBlobNames.Crop(taskId))
            throw new InvalidBlobReferenceException("crop", $"crop must be a task's crop ({TaskBlobNames.Crop("<task id>")}); got '{name}'");
        return taskId;
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

    /// <summary><c>{taskId}/sample-{i}.png</c> exactly as <see cref="TaskBlobNames.Sample"/> writes it (no sign, no leading zeros).</summary>
    private static bool IsSampleName(string name, string taskId)
    {
        var prefix = TaskBlobNames.Sample(taskId, 0)[..^"0.png".Length];
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".png", StringComparison.Ordinal))
            return false;
        var digits = name[prefix.Length..^".png".Length];
        return digits.Length is > 0 and <= 3 && digits.All(char.IsAsciiDigit)
            && int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) is var index
            && name == TaskBlobNames.Sample(taskId, index);
    }
}
