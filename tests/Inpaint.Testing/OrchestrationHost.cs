using Inpaint.Inference.Fills;
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

    public static async Task<OrchestrationHost> StartAsync(string connectionString, IFillEngine? engine = null)
    {
        RetryPolicies.FirstRetryInterval = TimeSpan.FromMilliseconds(1);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = connectionString })
            .Build();

        IServiceProvider? services = null;
        var host = await DurableTaskTestHost.StartAsync(
            registry => InpaintTasks.Register(registry),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = s =>
                {
                    s.AddInpaintDomain(configuration);
                    s.AddSingleton(engine ?? new HarmonicFill());
                },
            });
        services = host.Services;
        foreach (var hosted in services.GetServices<IHostedService>().OfType<StorageInitializer>())
            await hosted.StartAsync(CancellationToken.None);
        var started = new OrchestrationHost(host, services);
        await services.GetRequiredService<CreditLedger>().GrantAsync(started.User, StartingCredits, "test-start");
        return started;
    }

    public async Task<string> UploadAsync(byte[] png) =>
        (await Get<UploadService>().StoreAsync(User, png, "file", CancellationToken.None)).Reference;

    /// <summary>Polls the task row (not the sidecar, which polls slowly) until it is final.</summary>
    public async Task<TaskEntity> WaitForFinalAsync(string taskId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        var store = Get<TaskStore>();
        while (true)
        {
            var row = await store.GetAsync(User, taskId);
            if (Shared.Contracts.TaskStatuses.IsFinal(row.Status)) return row;
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
