namespace Inpaint.Shared.Worker;

/// <summary>
/// The <c>type</c> URIs of the worker's problem details (RFC 7807). The worker writes them, the client
/// reads them back into the domain's exceptions, so both sides share this one list.
/// </summary>
public static class WorkerProblemTypes
{
    private const string Root = "https://inpaint.dev/problems/worker/";

    /// <summary>An image or mask blob that cannot be decoded or used (400, extension <c>field</c>).</summary>
    public const string InvalidImage = Root + "invalid-image";

    /// <summary>A blob reference that is malformed, outside the worker's account, or missing (400, extension <c>field</c>).</summary>
    public const string InvalidReference = Root + "invalid-reference";

    /// <summary>A request field out of range (400, extension <c>field</c>).</summary>
    public const string InvalidRequest = Root + "invalid-request";

    /// <summary>No pixel matched the region prompt (422, extension <c>prompt</c>).</summary>
    public const string RegionNotFound = Root + "region-not-found";

    /// <summary>The worker does not host the model the request names (400, extension <c>model</c>).</summary>
    public const string ModelMissing = Root + "model-missing";

    /// <summary>The queue is full (429 with <c>Retry-After</c>).</summary>
    public const string Busy = Root + "busy";

    /// <summary>The work did not finish within the worker's time limit (503).</summary>
    public const string TimedOut = Root + "timed-out";
}
