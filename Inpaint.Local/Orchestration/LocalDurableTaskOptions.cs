namespace Inpaint.Local.Orchestration;

/// <summary>
/// The local Durable Task host: a task hub on Azure Storage (Azurite by default) served to the SDK's gRPC
/// worker and client by an in-process sidecar. Bound from the <c>DurableTask</c> configuration section.
/// The storage account is the one in <c>Storage:ConnectionString</c>.
/// </summary>
public sealed class LocalDurableTaskOptions
{
    public const string SectionName = "DurableTask";

    /// <summary>Task hub name: 3–45 letters and digits, starting with a letter (it prefixes queues and tables).</summary>
    public string HubName { get; set; } = "inpaint";

    /// <summary>
    /// Longest wait between two polls of an idle queue. The provider backs off from 50 ms up to this value, and
    /// every message this process enqueues (a create, an activity scheduled, an activity's result) wakes its
    /// poller at once, so the wait only delays what arrives from elsewhere: a durable timer coming due (retry
    /// backoff) or another host on the same task hub. 5 s keeps an idle <c>inpaint serve</c> near zero CPU
    /// (at 250 ms its two queues were polled eight times a second).
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a control-queue partition lease lasts; after a crash the next start waits at most this long (15 s is the storage minimum).</summary>
    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a dequeued message stays hidden from other workers. Running activities renew it (a third of
    /// it at a time), so it bounds how long work in flight waits after a crash (<c>kill -9</c>, power loss)
    /// before the next start takes it up again, not how long an activity may run. The Azure default is 5 min.
    /// </summary>
    public TimeSpan MessageVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Activities run at once. Most of an activity's time is storage round trips (read a blob, write a blob, a
    /// table row), so many can overlap on few cores; the model runs are bounded separately
    /// (<see cref="MaxConcurrentComputeActivities"/>).
    /// </summary>
    public int MaxConcurrentActivities { get; set; } = Math.Max(16, 4 * Environment.ProcessorCount);

    /// <summary>
    /// Activities of <see cref="ComputeActivities"/> run at once: each keeps the cores busy and holds a
    /// model's working memory, so a few (the bound all activities had before).
    /// </summary>
    public int MaxConcurrentComputeActivities { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Names of the activities that run models (set by the composition that registers them).</summary>
    public IList<string> ComputeActivities { get; set; } = [];

    /// <summary>
    /// Orchestration episodes run at once. An episode replays in the worker in a millisecond or so; the rest
    /// is the history read and write, so many overlap (the provider's default is 100).
    /// </summary>
    public int MaxConcurrentOrchestrations { get; set; } = 100;

    /// <summary>Loopback port of the gRPC sidecar; 0 picks a free one.</summary>
    public int SidecarPort { get; set; }
}
