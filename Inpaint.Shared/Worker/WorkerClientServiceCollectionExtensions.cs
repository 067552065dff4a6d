using Microsoft.Extensions.DependencyInjection;

namespace Inpaint.Shared.Worker;

public static class WorkerClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WorkerClient"/> (typed HttpClient, settings <c>WorkerClient__*</c>, validated at
    /// start), <see cref="WorkerStaging"/> and the engine adapters <see cref="WorkerFillEngine"/> and
    /// <see cref="WorkerRegionEngine"/>. The adapters need a <c>BlobServiceClient</c> registered by the host;
    /// the Entra mode needs a <c>TokenCredential</c>. Registering the adapters as <c>IFillEngine</c> /
    /// <c>IRegionEngine</c> is the host's choice.
    /// </summary>
    public static IServiceCollection AddWorkerClient(this IServiceCollection services)
    {
        services.AddOptions<WorkerClientOptions>()
            .BindConfiguration(WorkerClientOptions.SectionName)
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, "WorkerClient:BaseAddress must be an absolute URI")
            .Validate(o => !string.IsNullOrEmpty(o.ApiKey) || !string.IsNullOrEmpty(o.Audience), "WorkerClient needs ApiKey (local) or Audience (Entra ID)")
            .Validate(o => o.MaxAttempts >= 1, "WorkerClient:MaxAttempts must be at least 1")
            .ValidateOnStart();
        services.AddTransient<WorkerAuthenticationHandler>();
        services.AddHttpClient<WorkerClient>((provider, http) =>
            {
                var settings = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkerClientOptions>>().Value;
                http.BaseAddress = settings.BaseAddress;
                // Each attempt has its own limit (WorkerClientOptions.AttemptTimeout); the client's own is off.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler<WorkerAuthenticationHandler>();
        services.AddSingleton<WorkerStaging>();
        services.AddTransient<WorkerFillEngine>();
        services.AddTransient<WorkerRegionEngine>();
        return services;
    }
}
