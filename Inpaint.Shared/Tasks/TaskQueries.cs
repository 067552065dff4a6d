using System.Text;
using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Validation;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Tasks;

/// <summary>Reading tasks: one task, a page of the caller's tasks (cursor-paged), and a running task's progress.</summary>
public sealed class TaskQueries(TaskStore tasks, TaskDocuments documents, IOptions<ResultsOptions> results)
{
    public const int MaxListLimit = 100;

    public async Task<TaskDocument> GetAsync(string user, string taskId, CancellationToken cancellationToken)
    {
        var row = await tasks.GetAsync(user, CheckId(taskId), cancellationToken);
        return await documents.ToDocumentAsync(row, results.Value.LinkLifetime, cancellationToken);
    }

    public async Task<TaskListPage> ListAsync(string user, string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (status is not null && status is not (TaskStatuses.Pending or TaskStatuses.Running or TaskStatuses.Completed or TaskStatuses.Failed or TaskStatuses.Cancelled))
            throw new RequestValidationException("status", "status must be one of pending, running, completed, failed, cancelled");
        if (limit is < 1 or > MaxListLimit)
            throw new RequestValidationException("limit", $"limit must be between 1 and {MaxListLimit}");
        var (rows, next) = await tasks.ListAsync(user, status, limit ?? 20, TaskListCursor.Decode(cursor), cancellationToken);
        var page = new List<TaskDocument>(rows.Count);
        foreach (var row in rows)
            page.Add(await documents.ToDocumentAsync(row, results.Value.LinkLifetime, cancellationToken));
        return new TaskListPage(page, TaskListCursor.Encode(next));
    }

    /// <summary>
    /// The task with its <c>progress</c> (the orchestration's custom status) while it is pending or running; a
    /// final task, a missing client or an instance without status is returned as is. One status read (custom
    /// status comes only with inputs and outputs, which are small: blob names and numbers), no history.
    /// </summary>
    public static async Task<TaskDocument> WithProgressAsync(TaskDocument task, DurableTaskClient? durable, CancellationToken cancellationToken)
    {
        if (durable is null || TaskStatuses.IsFinal(task.Status)) return task;
        var instance = await durable.GetInstanceAsync(task.Id, getInputsAndOutputs: true, cancellationToken);
        if (instance?.SerializedCustomStatus is not { Length: > 0 } status) return task;
        try
        {
            return JsonSerializer.Deserialize<TaskProgressReport>(status) is { Step.Length: > 0 } progress ? task with { Progress = progress } : task;
        }
        catch (JsonException)
        {
            return task;
        }
    }

    /// <summary>A malformed id is a task that does not exist (404), never a storage query with odd characters.</summary>
    internal static string CheckId(string taskId) =>
        TaskIds.IsWellFormed(taskId) ? taskId : throw new TaskNotFoundException(taskId.Length > 64 ? taskId[..64] : taskId);
}
