using Inpaint.Local.Orchestration;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Inpaint.Local.Tests.Orchestration;

/// <summary>
/// The in-process sidecar sends no health pings on the worker's work-item stream, so the worker's silent-disconnect
/// detection (a reconnect and two warnings after 120 s without traffic) only fired on an idle `serve`. It is off.
/// </summary>
public sealed class WorkerStreamTests
{
    [Fact]
    public void The_local_worker_does_not_reconnect_a_quiet_stream_to_its_in_process_sidecar()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["DurableTask:HubName"] = "quiet",
        });
        builder.AddLocalDurableTask(_ => { });
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptionsMonitor<GrpcDurableTaskWorkerOptions>>().Get(Options.DefaultName);

        // The setting lives on the options' non-public protocol section (set through the SDK's
        // InternalOptionsExtensions); read back the same way, so an SDK upgrade that moves it fails here.
        var flags = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic;
        var section = typeof(GrpcDurableTaskWorkerOptions).GetProperty("Internal", flags)!.GetValue(options)!;
        var timeout = (TimeSpan)section.GetType().GetProperty("SilentDisconnectTimeout", flags)!.GetValue(section)!;
        Assert.True(timeout <= TimeSpan.Zero, $"silent-disconnect timeout {timeout}");
        Assert.NotNull(options.Channel);
    }
}
