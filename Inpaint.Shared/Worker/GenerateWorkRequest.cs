using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Storage;

namespace Inpaint.Shared.Worker;

/// <summary>
/// Body of <c>POST /v1/generate</c>: one sample of a task, handed over by reference. The references name the
/// task's own blobs in the <c>tasks</c> container (<see cref="TaskBlobNames"/>): the worker reads the crop, the
/// grown mask and the feathered alpha where the pipeline wrote them and writes <c>sample-{i}.png</c> beside them,
/// so no pixels are staged, copied or re-encoded on the way. The worker refuses any other name.
/// </summary>
public sealed record GenerateWorkRequest(
    BlobReference Crop,
    BlobReference Mask,
    BlobReference Alpha,
    BlobReference Output,
    string Prompt,
    double Creativity,
    long Seed,
    string? Model = null)
{
    /// <summary>The request for one sample of a task (of one part of its region: that part's blobs); <paramref name="model"/> = <c>null</c> lets the worker choose.</summary>
    public static GenerateWorkRequest ForSample(GenerateInput sample, string? model)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return new(
            Task(TaskBlobNames.Crop(sample.TaskId, sample.Part)),
            Task(TaskBlobNames.Mask(sample.TaskId, sample.Part)),
            Task(TaskBlobNames.Alpha(sample.TaskId, sample.Part)),
            Task(TaskBlobNames.Sample(sample.TaskId, sample.Index, sample.Part)),
            sample.Prompt,
            sample.Creativity,
            sample.Seed,
            model);
    }

    private static BlobReference Task(string name) => BlobReference.In(BlobContainers.Tasks, name);
}
