using System.Diagnostics;
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
    public async Task A_second_host_over_the_same_task_hub_sees_the_instance_and_takes_over_the_work()
    {
        string hubName = LocalTaskHub.NewHubName();
        string id;
        var clock = Stopwatch.StartNew();
        await using (var first = await LocalTaskHub.StartAsync(azurite.ConnectionString, hubName))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 2);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await first.WaitForFinalStateAsync(id, Timeout)).RuntimeStatus);
        }

        output.WriteLine($"first host: start, one orchestration, stop: {clock.Elapsed.TotalMilliseconds:F0} ms");
        clock.Restart();
        await using var second = await LocalTaskHub.StartAsync(azurite.ConnectionString, hubName);
        var kept = await second.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.NotNull(kept);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, kept.RuntimeStatus);
        Assert.Equal(2 * 2 + 3 * 3, kept.ReadOutputAs<int>());
        Assert.Equal(new FanOutStatus("done", 2), kept.ReadCustomStatusAs<FanOutStatus>());

        // The first host released the partition when it stopped, so the second one runs new work at once.
        string next = await second.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 7);
        Assert.Equal(7 * 7 + 8 * 8, (await second.WaitForFinalStateAsync(next, Timeout)).ReadOutputAs<int>());
        output.WriteLine($"second host: start and first orchestration: {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task An_activity_that_outlives_the_message_visibility_timeout_runs_once()
    {
        // Two hosts on one task hub: both poll the shared work-item queue. The sidecar's dispatcher never
        // renews a lock, so without the renewal the message would reappear after 6 s and the other host would
        // start the activity a second time while the first run still waits. (6 s, renewed every 2 s: a shorter
        // timeout leaves too little margin for a renewal call to Azurite on a loaded 2-core machine.)
        var settings = new Dictionary<string, string?> { ["DurableTask:MessageVisibilityTimeout"] = "00:00:06" };
        string hubName = LocalTaskHub.NewHubName();
        await using var hub = await LocalTaskHub.StartAsync(azurite.ConnectionString, hubName, settings);
        await using var other = await LocalTaskHub.StartAsync(azurite.ConnectionString, hubName, settings);
        var work = new SlowWork(Guid.NewGuid().ToString("n"), Milliseconds: 14000);
        string id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(SlowOrchestrator), work);
        var done = await hub.WaitForFinalStateAsync(id, Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1, SlowActivity.StartsOf(work.Key));

        // And once the activity has completed, nothing brings its message back.
        await Task.Delay(TimeSpan.FromSeconds(7));
        Assert.Equal(1, SlowActivity.StartsOf(work.Key));
    }
}
