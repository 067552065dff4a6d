using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Worker;

/// <summary>
/// Whether the GPU worker honours prompts now, from its <c>/v1/info</c> (<see cref="WorkerEngineChoiceInfo"/>),
/// so the hosts that send work to it refuse a prompt at creation as the local stack does, with the worker's own
/// sentence naming the model to install. The answer is reused for <see cref="WorkerClientOptions.ChoiceCacheDuration"/>;
/// a worker that does not answer within <see cref="WorkerClientOptions.ChoiceTimeout"/> refuses nothing (the task is
/// accepted and the worker's 400 at generation fails and refunds it), so creation never waits for a cold start.
/// </summary>
public sealed partial class WorkerPromptSupport(
    IServiceProvider services, IOptions<WorkerClientOptions> options, TimeProvider time, ILogger<WorkerPromptSupport> logger)
{
    private (string? Refusal, DateTimeOffset Until)? _cached;

    /// <summary>Null when the worker accepts prompts (or did not say); else its sentence naming what to install.</summary>
    public async ValueTask<string?> PromptRefusalAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // A configured model runs whatever the prompt; the worker's choice does not apply.
        if (settings.FillModel is not null) return null;
        var now = time.GetUtcNow();
        if (_cached is { } cached && now < cached.Until) return cached.Refusal;

        string? refusal = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ChoiceTimeout);
        try
        {
            // The typed client is resolved per refresh so its handler follows the HttpClient factory's rotation.
            var info = await services.GetRequiredService<WorkerClient>().InfoAsync(timeout.Token);
            if (info.Choice is { AcceptsPrompts: false } choice)
                refusal = choice.PromptRefusal ?? "the GPU worker has no generative engine installed, so a prompt cannot be honoured";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnknown(logger, e, settings.BaseAddress);
        }

        _cached = (refusal, now + settings.ChoiceCacheDuration);
        return refusal;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The GPU worker at {Worker} did not say whether it accepts prompts; tasks with a prompt are accepted and the worker decides")]
    private static partial void LogUnknown(ILogger logger, Exception exception, Uri? worker);
}
