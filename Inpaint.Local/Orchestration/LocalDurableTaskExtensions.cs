using System.Text.RegularExpressions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Inpaint.Local.Orchestration;

/// <summary>Composition of the local Durable Task host (ARCHITECTURE §3, the gRPC sidecar option).</summary>
public static partial class LocalDurableTaskExtensions
{
    /// <summary>
    /// Adds a Durable Task worker running <paramref name="registerTasks"/> and a <see cref="DurableTaskClient"/>,
    /// both on a task hub in the storage account of <c>Storage:ConnectionString</c>, through an in-process
    /// gRPC sidecar (<see cref="TaskHubSidecar"/>). Settings: the <c>DurableTask</c> section
    /// (<see cref="LocalDurableTaskOptions"/>).
    /// </summary>
    public static TBuilder AddLocalDurableTask<TBuilder>(this TBuilder builder, Action<DurableTaskRegistry> registerTasks)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(registerTasks);

        builder.Services.AddOptions<LocalDurableTaskOptions>()
            .BindConfiguration(LocalDurableTaskOptions.SectionName)
            .Validate(o => HubName().IsMatch(o.HubName), "DurableTask:HubName must be 3–45 letters and digits, starting with a letter.")
            .Validate(o => o.MaxQueuePollingInterval > TimeSpan.Zero, "DurableTask:MaxQueuePollingInterval must be positive.")
            .Validate(o => o.MaxConcurrentActivities >= 1 && o.MaxConcurrentComputeActivities >= 1 && o.MaxConcurrentOrchestrations >= 1, "DurableTask:MaxConcurrentActivities, MaxConcurrentComputeActivities and MaxConcurrentOrchestrations must be at least 1.")
            .Validate(o => o.MessageVisibilityTimeout >= TimeSpan.FromSeconds(3), "DurableTask:MessageVisibilityTimeout must be at least 3 seconds (queue visibility is in whole seconds and is renewed every third).")
            .ValidateOnStart();

        // The channel exists now and connects once the sidecar listens, so the worker and the client can be
        // configured with it here. The sidecar's hosted service is added before the worker's: it starts first
        // and stops last.
        var sidecar = new TaskHubSidecar();
        builder.Services.AddSingleton(_ => sidecar);
        builder.Services.AddHostedService<TaskHubSidecarService>();

        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(registerTasks);
            worker.UseGrpc(grpc =>
            {
                grpc.Channel = sidecar.Channel;

                // The worker reconnects when its work-item stream has been quiet for 120 s, expecting the backend's
                // health pings; the in-process sidecar sends none, so an idle `serve` reconnected (and warned)
                // every two minutes. Both ends live in this process: a silent disconnect cannot happen.
                grpc.SetSilentDisconnectTimeout(TimeSpan.Zero);
            });
        });
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(sidecar.Channel));
        return builder;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubName();
}
