namespace Inpaint.Shared.Worker;

/// <summary>
/// How the orchestration reaches the GPU worker (settings <c>WorkerClient__*</c>). Locally a shared key
/// (<see cref="ApiKey"/>); in Azure a Microsoft Entra ID token for <see cref="Audience"/> obtained from the
/// registered <c>Azure.Core.TokenCredential</c> (the app's managed identity).
/// </summary>
public sealed class WorkerClientOptions
{
    public const string SectionName = "WorkerClient";

    /// <summary>The worker's base address, for example <c>http://127.0.0.1:5180/</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Shared key sent as <see cref="WorkerHeaders.ApiKey"/> (local stack).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Application ID URI of the worker's Entra app registration; tokens are requested for <c>{Audience}/.default</c>.</summary>
    public string? Audience { get; set; }

    /// <summary>Container where the region engine adapter (and a fill of pixels outside a task) stages pixels for the
    /// worker. A task's samples are handed over by reference to its own blobs and stage nothing.</summary>
    public string StagingContainer { get; set; } = "worker";

    /// <summary>Fill engine the worker should use (<c>null</c> = the worker's default).</summary>
    public string? FillModel { get; set; }

    /// <summary>Attempts per region or info call, the first included, before a transient failure is given up.
    /// Generation calls make one attempt: the orchestration's Durable retry policy is their retry layer.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>First backoff delay; doubled each attempt, jittered, capped by <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between attempts, also the cap on a server's <c>Retry-After</c>.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time limit of one attempt (queueing on the worker included); past it the attempt is cancelled and
    /// fails as transient (retried by the client, or for generation by the Durable policy).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long task creation waits for the worker's <c>/v1/info</c> to learn whether it accepts prompts. Short:
    /// a worker that is starting (scaled to zero) is not waited for; the task is accepted and the worker decides.
    /// </summary>
    public TimeSpan ChoiceTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the worker's answer (or its silence) is reused before creation asks again.</summary>
    public TimeSpan ChoiceCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}
