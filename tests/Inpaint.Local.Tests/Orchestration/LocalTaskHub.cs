using Inpaint.Local.Orchestration;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Inpaint.Local.Tests.Orchestration;

/// <summary>A started host with the local Durable Task worker and client over a given storage account.</summary>
public sealed class LocalTaskHub : IAsyncDisposable
{
    readonly IHost host;

    LocalTaskHub(IHost host) => this.host = host;

    public DurableTaskClient Client => this.host.Services.GetRequiredService<DurableTaskClient>();

    public static async Task<LocalTaskHub> StartAsync(string connectionString, string hubName, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["DurableTask:HubName"] = hubName,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddLocalDurableTask(tasks => tasks
            .AddOrchestrator<FanOutOrchestrator>().AddActivity<SquareActivity>()
            .AddOrchestrator<SlowOrchestrator>().AddActivity<SlowActivity>());
        var host = builder.Build();
        await host.StartAsync();
        return new LocalTaskHub(host);
    }

    /// <summary>A task hub name no other test uses.</summary>
    public static string NewHubName() => "t" + Guid.NewGuid().ToString("n")[..16];

    /// <summary>
    /// Polls the instance until it reaches a final state. (WaitForInstanceCompletionAsync through the sidecar
    /// polls only every ~2 s, which would dominate these tests.)
    /// </summary>
    public async Task<OrchestrationMetadata> WaitForFinalStateAsync(string instanceId, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var instance = await this.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cts.Token);
            if (instance is { IsCompleted: true })
            {
                return instance;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await this.host.StopAsync();
        this.host.Dispose();
    }
}
