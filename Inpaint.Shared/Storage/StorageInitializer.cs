using Inpaint.Shared.Idempotency;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Tasks;
using Microsoft.Extensions.Hosting;

namespace Inpaint.Shared.Storage;

/// <summary>Creates the containers and tables at start (idempotent), so a fresh account just works.</summary>
public sealed class StorageInitializer(BlobStore blobs, TaskStore tasks, ApiKeyStore keys, CreditLedger ledger, IdempotencyStore idempotency) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await blobs.EnsureContainersAsync(cancellationToken);
        await tasks.EnsureTableAsync(cancellationToken);
        await keys.EnsureTableAsync(cancellationToken);
        await ledger.EnsureTableAsync(cancellationToken);
        await idempotency.EnsureTableAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
