using System.Net;
using System.Net.Sockets;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Inpaint.Local.Orchestration;

/// <summary>
/// The Durable Task sidecar of the local stack: <c>DurableTask.AzureStorage</c>'s orchestration service
/// (one partition, short polling) behind the SDK's <see cref="TaskHubGrpcServer"/>, served over HTTP/2
/// without TLS (h2c) on a loopback port by a small Kestrel host of its own. The SDK's ordinary gRPC worker
/// and <c>DurableTaskClient</c> talk to it through <see cref="Channel"/>, exactly as they would talk to the
/// Functions host or the Durable Task Scheduler.
/// </summary>
/// <remarks>
/// The sidecar has its own host because <see cref="TaskHubGrpcServer"/> ties the dispatcher to its host's
/// lifetime, and because the public HTTP API must stay free to listen wherever <c>--urls</c> says.
/// <see cref="Channel"/> exists before the sidecar listens: its connect callback waits for the port, which
/// Kestrel picks (port 0), so there is no window in which another process can take it.
/// </remarks>
public sealed class TaskHubSidecar : IAsyncDisposable
{
    readonly TaskCompletionSource<int> port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    WebApplication? host;
    AzureStorageOrchestrationService? service;
    SidecarOrchestrationService? lifecycle;

    public TaskHubSidecar()
    {
        var handler = new SocketsHttpHandler
        {
            // Every connection goes to the sidecar's loopback port, once it is known.
            ConnectCallback = async (_, cancellationToken) =>
            {
                int sidecarPort = await this.port.Task.WaitAsync(cancellationToken);
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, sidecarPort), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        this.Channel = GrpcChannel.ForAddress("http://127.0.0.1", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    /// <summary>The channel the worker and client use; usable before <see cref="StartAsync"/> (calls wait for it).</summary>
    public GrpcChannel Channel { get; }

    /// <summary>The loopback port the sidecar listens on (after start).</summary>
    public int Port => this.port.Task.IsCompletedSuccessfully ? this.port.Task.Result : throw new InvalidOperationException("The sidecar has not started.");

    /// <summary>The task hub's orchestration service (after start).</summary>
    public AzureStorageOrchestrationService OrchestrationService => this.service ?? throw new InvalidOperationException("The sidecar has not started.");

    /// <summary>Creates the task hub in the storage account if needed and starts serving it.</summary>
    public async Task StartAsync(string storageConnectionString, LocalDurableTaskOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        if (this.host is not null)
        {
            throw new InvalidOperationException("The sidecar has already started.");
        }

        this.service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString),
            TaskHubName = options.HubName,
            PartitionCount = 1,

            // One worker per task hub: no blue/green app lease to wait for at start.
            UseAppLease = false,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            LeaseInterval = options.LeaseInterval,

            // Short, because running activities renew their message (SidecarOrchestrationService): after a
            // crash the next start finds in-flight work again this soon instead of after 5 minutes.
            ControlQueueVisibilityTimeout = options.MessageVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.MessageVisibilityTimeout,

            // The table partition manager retries an operation after this; Azurite on a busy laptop can take
            // longer than the 2 s default, which only produces warnings and retries.
            PartitionTableOperationTimeout = TimeSpan.FromSeconds(10),
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            LoggerFactory = loggerFactory,
        });
        await this.service.CreateIfNotExistsAsync();

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(TaskHubSidecar).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, options.SidecarPort, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddLogging();
        builder.Services.AddRouting();
        builder.Services.AddGrpc();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddOptions<TaskHubGrpcServerOptions>();
        this.lifecycle = new SidecarOrchestrationService(this.service, options, loggerFactory.CreateLogger<TaskHubSidecar>());
        builder.Services.AddSingleton<IOrchestrationService>(this.lifecycle);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(this.service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();

        var app = builder.Build();
        app.UseRouting();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken);
        this.host = app;

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        this.port.TrySetResult(new Uri(address).Port);
    }

    /// <summary>Stops dispatching (the orchestration service releases its partition lease) and the listener.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (this.host is { } app)
        {
            this.host = null;

            // TaskHubGrpcServer starts and stops the provider from lifetime callbacks that nobody awaits. From
            // here on a late start is refused, and once the host has stopped we wait for the provider's stop,
            // so that nothing touches storage after the sidecar has stopped (the embedded Azurite stops next)
            // and the partition lease is released for the next start.
            var providerStopped = this.lifecycle?.WhenStoppedAsync() ?? Task.CompletedTask;
            await app.StopAsync(cancellationToken);
            await app.DisposeAsync();
            try
            {
                await providerStopped.WaitAsync(StopTimeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Still draining: the work is durable in the queues and resumes on the next start.
            }
        }
    }

    /// <summary>How long stopping waits for the storage provider to release its partition.</summary>
    static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    public async ValueTask DisposeAsync()
    {
        await this.StopAsync(CancellationToken.None);
        this.port.TrySetCanceled();
        this.Channel.Dispose();
    }
}
