using Azure.Core;
using Azure.Identity;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Worker;

/// <summary>
/// Makes the orchestration's generation and region steps run on the GPU worker over HTTP (Azure, or a local
/// <c>inpaint worker</c>): the worker adapters become the <see cref="IGenerationEngine"/> and <see cref="IRegionEngine"/>.
/// The worker shares the domain's storage account: a task's sample is handed over by reference to the task's own
/// blobs, region calls stage their image in it.
/// </summary>
public static class GpuWorkerEngines
{
    public static IServiceCollection AddGpuWorkerEngines(this IServiceCollection services)
    {
        services.AddWorkerClient();
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageClients>().Blobs);
        // Entra ID tokens for the worker come from the app's user-assigned identity (the one storage uses).
        services.TryAddSingleton<TokenCredential>(sp =>
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.ClientId is { Length: > 0 } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new DefaultAzureCredential());
        services.AddTransient<IGenerationEngine>(sp => sp.GetRequiredService<WorkerGenerationEngine>());
        services.AddTransient<IRegionEngine>(sp => sp.GetRequiredService<WorkerRegionEngine>());
        // The worker checks its own models and answers 400 naming a missing one; creation assumes they are there.
        services.Replace(ServiceDescriptor.Singleton<IRegionAvailability, WorkerRegionAvailability>());
        // The worker chooses the engine per prompt; creation asks it whether prompts are honoured (refused as locally).
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkerPromptSupport>();
        services.Replace(ServiceDescriptor.Transient<IGenerationEngineChooser>(sp =>
            new WorkerEngineChooser(() => sp.GetRequiredService<IGenerationEngine>(), sp.GetRequiredService<WorkerPromptSupport>())));
        return services;
    }

    /// <summary>
    /// Registers <see cref="WorkerClient"/> (typed HttpClient, settings <c>WorkerClient__*</c>, validated at
    /// start), <see cref="WorkerStaging"/> and the engine adapters <see cref="WorkerGenerationEngine"/> and
    /// <see cref="WorkerRegionEngine"/>. The adapters need a <c>BlobServiceClient</c> registered by the host;
    /// the Entra mode needs a <c>TokenCredential</c>. <see cref="AddGpuWorkerEngines"/> registers them as the
    /// <c>IGenerationEngine</c> / <c>IRegionEngine</c>; tests that want the client alone call this.
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
                var settings = provider.GetRequiredService<IOptions<WorkerClientOptions>>().Value;
                http.BaseAddress = settings.BaseAddress;
                // Each attempt has its own limit (WorkerClientOptions.AttemptTimeout); the client's own is off.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler<WorkerAuthenticationHandler>();
        services.AddSingleton<WorkerStaging>();
        services.AddTransient<WorkerGenerationEngine>();
        services.AddTransient<WorkerRegionEngine>();
        return services;
    }
}
