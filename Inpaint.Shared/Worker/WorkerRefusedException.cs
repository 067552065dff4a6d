using System.Net;

namespace Inpaint.Shared.Worker;

/// <summary>
/// The worker's permanent refusal (a 4xx other than 408 and 429: a bad reference, a model it does not host, a wrong
/// key): a retry cannot fix it, so the orchestration fails the step at once (<c>PermanentFailures</c>) instead of
/// running the Durable policy's attempts. The message becomes the task's <c>error</c>, so it names no internal address.
/// </summary>
public sealed class WorkerRefusedException(string message, HttpStatusCode status, string? problemType)
    : WorkerCallException(message, status, problemType, isTransient: false);
