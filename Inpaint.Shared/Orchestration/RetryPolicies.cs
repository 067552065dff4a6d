using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Orchestration;

/// <summary>
/// Retry options for every activity call, in one place. Transient failures (worker 5xx/429, timeouts,
/// storage hiccups) back off exponentially from <see cref="RetryOptions.FirstRetryInterval"/>; permanent
/// ones fail at once. Injected into the orchestrators (the interval is configuration, the same on every replay).
/// </summary>
public sealed class RetryPolicies(IOptions<RetryOptions> options)
{
    private readonly TimeSpan firstRetryInterval = options.Value.FirstRetryInterval;

    /// <summary>The policies from the <c>Retry</c> section, for hosts that register orchestrators before the container exists.</summary>
    public static RetryPolicies From(IConfiguration configuration) =>
        new(Microsoft.Extensions.Options.Options.Create(configuration.GetSection(RetryOptions.SectionName).Get<RetryOptions>() ?? new RetryOptions()));

    /// <summary>Ordinary steps: storage and CPU work.</summary>
    public TaskOptions Step => Options(maxAttempts: 3);

    /// <summary>Attempts of one sample's generation, the first included. The only retry layer of a worker call
    /// for generation: the worker client makes one attempt per activity run.</summary>
    public const int GenerationAttempts = 5;

    /// <summary>Generation: the GPU worker may be scaling from zero or shedding load.</summary>
    public TaskOptions Generation => Options(maxAttempts: GenerationAttempts);

    /// <summary>Webhooks: the receiver may be down for a while; 8 attempts over about ten minutes.</summary>
    public TaskOptions Webhook => Options(maxAttempts: 8, maxInterval: TimeSpan.FromMinutes(5));

    private TaskOptions Options(int maxAttempts, TimeSpan? maxInterval = null) =>
        TaskOptions.FromRetryPolicy(new RetryPolicy(maxAttempts, firstRetryInterval, backoffCoefficient: 2, maxRetryInterval: maxInterval ?? TimeSpan.FromMinutes(1))
        {
            HandleFailure = failure => !PermanentFailures.Is(failure),
        });
}
