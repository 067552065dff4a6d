using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Tasks;
using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// Step 6: writes the final status, the delivered samples (blob names) and the timings into the task row.
/// A row that is already final (for example cancelled meanwhile) is left as it is, so a replay is harmless.
/// </summary>
public sealed class FinalizeTaskActivity(TaskStore tasks) : TaskActivity<FinalizeInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, FinalizeInput input)
    {
        var written = false;
        await tasks.UpdateAsync(input.User, input.TaskId, row =>
        {
            if (TaskStatuses.IsFinal(row.Status)) return false;
            row.Status = input.Status;
            row.Error = input.Error;
            row.ResultJson = input.Samples.Count > 0 ? JsonSerializer.Serialize(input.Samples) : null;
            row.PerformanceJson = JsonSerializer.Serialize(input.Performance);
            return written = true;
        });
        return written;
    }
}
