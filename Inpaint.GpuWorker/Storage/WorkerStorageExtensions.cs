using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Inpaint.GpuWorker.Storage;

public static class WorkerStorageExtensions
{
    /// <summary>
    /// The worker's <see cref="BlobServiceClient"/>: from <c>Storage__ConnectionString</c> locally, or from
    /// <c>Storage__BlobServiceUri</c> with the managed identity (<c>Storage__ClientId</c>) in Azure. A client
    /// the host registered first wins.
    /// </summary>
    public static IServiceCollection AddWorkerStorage(this IServiceCollection services)
    {
        services.AddOptions<WorkerStorageOptions>()
            .BindConfiguration(WorkerStorageOptions.SectionName)
            .Validate(o => !string.IsNullOrEmpty(o.ConnectionString) || o.BlobServiceUri is { IsAbsoluteUri: true },
                "Storage needs ConnectionString (local) or BlobServiceUri (managed identity)")
            .ValidateOnStart();
        services.TryAddSingleton(provider =>
        {
            var o = provider.GetRequiredService<IOptions<WorkerStorageOptions>>().Value;
            if (!string.IsNullOrEmpty(o.ConnectionString))
                return new BlobServiceClient(o.ConnectionString);
            var identity = string.IsNullOrEmpty(o.ClientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(o.ClientId);
            return new BlobServiceClient(o.BlobServiceUri, new ManagedIdentityCredential(identity));
        });
        services.AddSingleton<BlobImageStore>();
        return services;
    }
}
