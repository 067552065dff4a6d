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
/// <c>inpaint worker</c>): the worker adapters become the <see cref="IFillEngine"/> and <see cref="IRegionEngine"/>,
/// staging through the same storage account as the domain.
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
        services.AddTransient<IFillEngine>(sp => sp.GetRequiredService<WorkerFillEngine>());
        services.AddTransient<IRegionEngine>(sp => sp.GetRequiredService<WorkerRegionEngine>());
        // The worker checks its own models and answers 400 naming a missing one; creation assumes they are there.
        services.Replace(ServiceDescriptor.Singleton<IRegionAvailability, WorkerRegionAvailability>());
        return services;
    }
}
