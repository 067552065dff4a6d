using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration;

/// <summary>
/// Retry options for every activity call, in one place. Transient failures (worker 5xx/429, timeouts,
/// storage hiccups) back off exponentially; permanent ones fail at once.
/// </summary>
public static class RetryPolicies
{
    /// <summary>First retry delay; tests lower it to a millisecond.</summary>
    public static TimeSpan FirstRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Ordinary steps: storage and CPU work.</summary>
    public static TaskOptions Step => Options(maxAttempts: 3);

    /// <summary>Generation: the GPU worker may be scaling from zero or shedding load.</summary>
    public static TaskOptions Generation => Options(maxAttempts: 5);

    /// <summary>Webhooks: the receiver may be down for a while; 8 attempts over about ten minutes.</summary>
    public static TaskOptions Webhook => Options(maxAttempts: 8, maxInterval: TimeSpan.FromMinutes(5));

    private static TaskOptions Options(int maxAttempts, TimeSpan? maxInterval = null) =>
        TaskOptions.FromRetryPolicy(new RetryPolicy(maxAttempts, FirstRetryInterval, backoffCoefficient: 2, maxRetryInterval: maxInterval ?? TimeSpan.FromMinutes(1))
        {
            HandleFailure = failure => !PermanentFailures.Is(failure),
        });
}
