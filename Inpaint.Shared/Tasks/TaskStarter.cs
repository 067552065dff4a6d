using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Inpaint.Shared.Tasks;

/// <summary>
/// Starts a task's orchestration from its row, with the task id as instance id, at most once: the create
/// request and <see cref="TaskReconciler"/> may both try, and whoever comes second finds the instance there.
/// </summary>
public static class TaskStarter
{
    /// <summary>Schedules the orchestration unless an instance with the task's id exists; true when this call started it.</summary>
    public static async Task<bool> StartOnceAsync(TaskEntity row, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (await durable.GetInstanceAsync(row.RowKey, cancellationToken) is not null) return false;
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(
                nameof(InpaintOrchestrator), JobOf(row), new StartOrchestrationOptions(InstanceId: row.RowKey), cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Refused because another caller started it in between: that is success. Anything else is not.
            if (await durable.GetInstanceAsync(row.RowKey, CancellationToken.None) is not null) return false;
            throw;
        }
    }

    /// <summary>What the orchestration is given: everything comes from the row, so a later start runs the same task.</summary>
    public static InpaintJob JobOf(TaskEntity row) => new(
        row.RowKey,
        row.PartitionKey,
        JsonSerializer.Deserialize<InpaintArgs>(row.ArgsJson)!,
        row.Seed,
        row.CreatedAt,
        row.DropJson is null ? null : JsonSerializer.Deserialize<DropOrigin>(row.DropJson));
}
