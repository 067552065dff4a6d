using Inpaint.Shared.Keys;
using Inpaint.Shared.Tasks;
using Microsoft.Extensions.Hosting;

namespace Inpaint.Shared.Storage;

/// <summary>Creates the containers and tables at start (idempotent), so a fresh account just works.</summary>
public sealed class StorageInitializer(BlobStore blobs, TaskStore tasks, ApiKeyStore keys) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await blobs.EnsureContainersAsync(cancellationToken);
        await tasks.EnsureTableAsync(cancellationToken);
        await keys.EnsureTableAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
