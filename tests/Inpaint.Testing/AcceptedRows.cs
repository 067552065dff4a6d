using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Validation;

namespace Inpaint.Testing;

/// <summary>What a create leaves behind when it dies right after writing its row: a pending task, no orchestration.</summary>
public static class AcceptedRows
{
    /// <summary>Writes the pending row exactly as <c>TaskCreator</c> does before charging, from a real request.</summary>
    public static async Task<TaskEntity> WritePendingAsync(TaskStore store, string user, CreateTaskRequest request, int creditsPerSample = 2)
    {
        var (tool, args) = ArgsValidator.Validate(request);
        var now = DateTimeOffset.UtcNow;
        var row = new TaskEntity
        {
            PartitionKey = user,
            RowKey = TaskIds.New(now),
            Tool = tool,
            Requester = user,
            ArgsJson = JsonSerializer.Serialize(args),
            Status = TaskStatuses.Pending,
            Cost = creditsPerSample * args.NSamples,
            Seed = 7,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await store.AddAsync(row);
        return row;
    }
}
