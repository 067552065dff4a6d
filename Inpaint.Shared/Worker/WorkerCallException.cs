using System.Net;

namespace Inpaint.Shared.Worker;

/// <summary>
/// A worker call that failed. <see cref="IsTransient"/> is true when the last attempt met a transient failure
/// (429, 5xx, timeout, connection refused) and the client's attempts ran out (one for generation: the Durable
/// policy retries it); false for a permanent refusal (4xx), which a retry cannot fix.
/// </summary>
public class WorkerCallException(string message, HttpStatusCode? status, string? problemType, bool isTransient, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The last HTTP status, or <c>null</c> when no response came (timeout, connection failure).</summary>
    public HttpStatusCode? Status { get; } = status;

    /// <summary>The problem <c>type</c> the worker answered with (see <see cref="WorkerProblemTypes"/>).</summary>
    public string? ProblemType { get; } = problemType;

    public bool IsTransient { get; } = isTransient;
}
