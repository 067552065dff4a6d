using System.Net;

namespace Inpaint.Shared.Worker;

/// <summary>
/// A worker call that failed. <see cref="IsTransient"/> is true when every attempt met a transient failure
/// (429, 5xx, timeout, connection refused) and the retries ran out; false for a permanent refusal (4xx),
/// which the orchestration must not retry.
/// </summary>
public sealed class WorkerCallException(string message, HttpStatusCode? status, string? problemType, bool isTransient, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The last HTTP status, or <c>null</c> when no response came (timeout, connection failure).</summary>
    public HttpStatusCode? Status { get; } = status;

    /// <summary>The problem <c>type</c> the worker answered with (see <see cref="WorkerProblemTypes"/>).</summary>
    public string? ProblemType { get; } = problemType;

    public bool IsTransient { get; } = isTransient;
}
