namespace Inpaint.Shared.Worker;

/// <summary>HTTP headers of the worker protocol.</summary>
public static class WorkerHeaders
{
    /// <summary>The shared key that authenticates the orchestration to the worker in the local stack.</summary>
    public const string ApiKey = "X-Worker-Key";
}
