using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inpaint.Local.Orchestration;

/// <summary>Starts the <see cref="TaskHubSidecar"/> with the host (before the worker) and stops it after the worker.</summary>
sealed class TaskHubSidecarService(
    TaskHubSidecar sidecar,
    IConfiguration configuration,
    IOptions<LocalDurableTaskOptions> options,
    ILoggerFactory loggerFactory) : IHostedService
{
    /// <summary>The configuration key of the storage account the task hub lives in (<c>Storage__ConnectionString</c>).</summary>
    public const string ConnectionStringKey = "Storage:ConnectionString";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        string? connectionString = configuration[ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"The local Durable Task host needs a storage account: set {ConnectionStringKey} (environment Storage__ConnectionString).");
        }

        return sidecar.StartAsync(connectionString, options.Value, loggerFactory, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => sidecar.StopAsync(cancellationToken);
}
