using System.Text.Json;
using Inpaint.Shared.Contracts;

namespace Inpaint.Shared.Tasks;

/// <summary>
/// Publishes a sample in the task's <c>result</c> as soon as it is composited, while the task still runs (Eden shows
/// delivered samples before the task ends). A final row is left alone: a sample finished after a cancel is not
/// delivered, and was refunded with the rest.
/// </summary>
public sealed class TaskSamples(TaskStore tasks)
{
    /// <summary>True when the sample is in the row (now or already: a replayed call changes nothing).</summary>
    public async Task<bool> DeliverAsync(string user, string taskId, StoredSample sample, CancellationToken cancellationToken = default)
    {
        var recorded = false;
        await tasks.UpdateAsync(user, taskId, row =>
        {
            if (TaskStatuses.IsFinal(row.Status)) return false;
            var samples = TaskCharges.Samples(row);
            if (samples.Any(s => s.Index == sample.Index)) return !(recorded = true);
            row.ResultJson = JsonSerializer.Serialize(samples.Append(sample).OrderBy(s => s.Index).ToArray());
            return recorded = true;
        }, cancellationToken);
        return recorded;
    }
}
