using Inpaint.Inference.Generation;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Ledger;
using Inpaint.Shared;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Uploads;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Inpaint.Testing;

/// <summary>
/// The real orchestrator and activities in the in-process Durable Task host, over Azurite storage, with
/// 1 ms retry intervals. Each host gets its own user so tests never see each other's rows.
/// </summary>
public sealed class OrchestrationHost : IAsyncDisposable
{
    private readonly DurableTaskTestHost _host;
    private readonly IServiceProvider _services;

    private OrchestrationHost(DurableTaskTestHost host, IServiceProvider services)
    {
        _host = host;
        _services = services;
    }

    /// <summary>Credits granted to <see cref="User"/> at start.</summary>
    public const long StartingCredits = 100;

    public string User { get; } = "user-" + Guid.NewGuid().ToString("n")[..8];

    public DurableTaskClient Client => _host.Client;

    public IServiceProvider Services => _services;

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <param name="settings">Extra configuration (for example <c>Drop:Owners</c>, <c>Webhooks:Secret</c>).</param>
    /// <param name="configure">Runs after the domain is added, so its registrations replace the domain's.</param>
    public static async Task<OrchestrationHost> StartAsync(
        string connectionString, IGenerationEngine? engine = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = connectionString,
                ["Retry:FirstRetryInterval"] = "00:00:00.001", // retries at once: the tests wait for outcomes, not backoff
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        IServiceProvider? services = null;
        var host = await StartTestHostAsync(configuration, engine, configure);
        services = host.Services;
        foreach (var hosted in services.GetServices<IHostedService>().OfType<StorageInitializer>())
            await hosted.StartAsync(CancellationToken.None);
        var started = new OrchestrationHost(host, services);
        await services.GetRequiredService<CreditLedger>().GrantAsync(started.User, StartingCredits, "test-start");
        return started;
    }

    /// <summary>
    /// Starts the in-process host on a port that was free a moment ago; when another process takes it in
    /// between (tests run in parallel), try again on another one.
    /// </summary>
    private static async Task<DurableTaskTestHost> StartTestHostAsync(IConfiguration configuration, IGenerationEngine? engine, Action<IServiceCollection>? configure)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DurableTaskTestHost.StartAsync(
                    registry => InpaintTasks.Register(registry, RetryPolicies.From(configuration)),
                    new DurableTaskTestHostOptions
                    {
                        Port = FreePort(),
                        ConfigureServices = s =>
                        {
                            s.AddInpaintDomain(configuration);
                            s.AddSingleton(engine ?? new HarmonicFill());
                            configure?.Invoke(s);
                        },
                    });
            }
            catch (IOException e) when (attempt < 5 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task<string> UploadAsync(byte[] png) =>
        (await Get<UploadService>().StoreAsync(User, png, "file", CancellationToken.None)).Reference;

    /// <summary>Polls the task row (not the sidecar, which polls slowly) until it is final and its orchestration has ended.</summary>
    public async Task<TaskEntity> WaitForFinalAsync(string taskId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        var store = Get<TaskStore>();
        while (true)
        {
            var row = await store.GetAsync(User, taskId);
            // Final, and its orchestration (if any) has ended too: the refund that follows the final row is written.
            if (Shared.Contracts.TaskStatuses.IsFinal(row.Status)
                && await Client.GetInstanceAsync(taskId) is null or { IsCompleted: true })
                return row;
            if (DateTime.UtcNow > deadline)
            {
                var instance = await Client.GetInstanceAsync(taskId, getInputsAndOutputs: true);
                throw new TimeoutException(
                    $"Task {taskId} is still {row.Status} after {timeout ?? TimeSpan.FromSeconds(60)}; orchestration {instance?.RuntimeStatus}: {instance?.FailureDetails}");
            }
            await Task.Delay(50);
        }
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
