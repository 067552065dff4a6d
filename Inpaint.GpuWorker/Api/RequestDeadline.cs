namespace Inpaint.GpuWorker.Api;

/// <summary>
/// Runs a request's work under one token that fires when the client disconnects or the time limit passes,
/// so either cancels the work (queued or running). A time-out becomes <see cref="WorkTimedOutException"/>;
/// a disconnect stays an <see cref="OperationCanceledException"/> (nobody is left to answer).
/// </summary>
public static class RequestDeadline
{
    public static async Task<T> RunAsync<T>(HttpContext context, TimeSpan limit, Func<CancellationToken, Task<T>> work)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(limit);
        try
        {
            return await work(deadline.Token);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            throw new WorkTimedOutException(limit, e);
        }
    }
}
