namespace Inpaint.Shared.Tasks;

/// <summary>Cancel refused: the task already reached a final status (409).</summary>
public sealed class TaskFinalException(string taskId, string status)
    : Exception($"task '{taskId}' is already {status} and can no longer be cancelled")
{
    public string Status { get; } = status;
}
