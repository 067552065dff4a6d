namespace Inpaint.Shared.Tasks;

/// <summary>No such task for this caller (another user's task is reported the same way: 404).</summary>
public sealed class TaskNotFoundException(string taskId) : Exception($"Task '{taskId}' was not found.")
{
    public string TaskId { get; } = taskId;
}
