using System.Diagnostics;
using Inpaint.Local.Storage.Emulator;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Testing;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace Inpaint.Local.Tests.Orchestration;

[Collection(AzuriteCollection.Name)]
public sealed class LocalDurableTaskTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Fan_out_of_two_completes_over_azurite_with_custom_status()
    {
        var clock = Stopwatch.StartNew();
        var hub = await LocalTaskHub.StartAsync(azurite.ConnectionString, LocalTaskHub.NewHubName());
        output.WriteLine($"host start {clock.Elapsed.TotalMilliseconds:F0} ms");
        clock.Restart();
        string id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 3);
        var first = await hub.WaitForFinalStateAsync(id, Timeout);
        var firstTime = clock.Elapsed;

        Assert.Equal(OrchestrationRuntimeStatus.Completed, first.RuntimeStatus);
        Assert.Equal(3 * 3 + 4 * 4, first.ReadOutputAs<int>());
        Assert.Equal(new FanOutStatus("done", 2), first.ReadCustomStatusAs<FanOutStatus>());

        clock.Restart();
        string warm = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 5);
        var second = await hub.WaitForFinalStateAsync(warm, Timeout);
        Assert.Equal(5 * 5 + 6 * 6, second.ReadOutputAs<int>());
        output.WriteLine($"fan-out of 2 over Azurite: first {firstTime.TotalMilliseconds:F0} ms, warm {clock.Elapsed.TotalMilliseconds:F0} ms");
        clock.Restart();
        await hub.DisposeAsync();
        output.WriteLine($"host stop {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Instances_survive_a_restart_of_azurite_and_host_over_the_same_data_directory()
    {
        string dataDirectory = AzuriteFixture.NewDataDirectory();
        string hubName = LocalTaskHub.NewHubName();
        var phase = Stopwatch.StartNew();
        void Mark(string what)
        {
            output.WriteLine($"{what}: {phase.Elapsed.TotalMilliseconds:F0} ms");
            phase.Restart();
        }

        try
        {
            string id;
            await using (var storage = await AzuriteEmulator.StartAsync(AzuriteFixture.OptionsFor(dataDirectory)))
            {
                Mark("azurite start");
                await using var hub = await LocalTaskHub.StartAsync(storage.ConnectionString, hubName);
                Mark("host start");
                id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 2);
                Assert.Equal(OrchestrationRuntimeStatus.Completed, (await hub.WaitForFinalStateAsync(id, Timeout)).RuntimeStatus);
                Mark("first orchestration");
                var stopClock = Stopwatch.StartNew();
                await hub.DisposeAsync();
                output.WriteLine($"host stop {stopClock.Elapsed.TotalMilliseconds:F0} ms");
                stopClock.Restart();
                await storage.StopAsync();
                output.WriteLine($"azurite stop {stopClock.Elapsed.TotalMilliseconds:F0} ms");
            }

            await using (var storage = await AzuriteEmulator.StartAsync(AzuriteFixture.OptionsFor(dataDirectory)))
            {
                Mark("azurite restart");
                await using var hub = await LocalTaskHub.StartAsync(storage.ConnectionString, hubName);
                Mark("host restart");
                var kept = await hub.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
                Assert.NotNull(kept);
                Assert.Equal(OrchestrationRuntimeStatus.Completed, kept.RuntimeStatus);
                Assert.Equal(2 * 2 + 3 * 3, kept.ReadOutputAs<int>());

                // The restarted host takes the partition over and runs new work too.
                var clock = Stopwatch.StartNew();
                string next = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 7);
                Assert.Equal(7 * 7 + 8 * 8, (await hub.WaitForFinalStateAsync(next, Timeout)).ReadOutputAs<int>());
                output.WriteLine($"first orchestration after restart: {clock.Elapsed.TotalMilliseconds:F0} ms");
            }
        }
        finally
        {
            AzuriteFixture.DeleteDirectory(dataDirectory);
        }
    }
}
