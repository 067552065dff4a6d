using Azure;

namespace Inpaint.Shared.Storage;

/// <summary>
/// Tells a storage account that cannot be reached or is overloaded (the caller should retry later) from
/// a storage answer about the request itself (404, 409, 412: the caller's or our business).
/// </summary>
public static class StorageOutage
{
    /// <summary>
    /// True for a storage call that got no answer (connection refused or reset, name not resolved: the SDK's
    /// <see cref="RequestFailedException"/> with status 0), an answer of 500, 502, 503 or 504 (Azure Storage's
    /// <c>ServerBusy</c> and <c>OperationTimedOut</c>), or a network timeout; also for the
    /// <see cref="AggregateException"/> the SDK's retry policy throws once every attempt failed that way.
    /// </summary>
    public static bool Is(Exception exception) => exception switch
    {
        RequestFailedException e => e.Status is 0 or 500 or 502 or 503 or 504,
        // Azure.Core reports a request that exceeded its network timeout as a cancellation caused by a timeout.
        TaskCanceledException { InnerException: TimeoutException } => true,
        AggregateException e => e.InnerExceptions.Count > 0 && e.InnerExceptions.All(Is),
        _ => false,
    };
}
