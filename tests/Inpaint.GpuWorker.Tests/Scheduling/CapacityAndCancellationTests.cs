using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inpaint.GpuWorker.Tests.Engines;
using Inpaint.GpuWorker.Tests.Hosting;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Worker;
using Microsoft.Extensions.DependencyInjection;

using Inpaint.Testing;

namespace Inpaint.GpuWorker.Tests.Scheduling;

[Collection(AzuriteCollection.Name)]
public sealed class CapacityAndCancellationTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static Dictionary<string, string?> OneSlot(string timeout = "00:01:00") => new()
    {
        ["Worker:QueueLimitPerGpu"] = "1",
        ["Worker:MaxSamplesPerRequest"] = "1",
        ["Worker:MaxBatchSize"] = "1",
        ["Worker:RetryAfter"] = "00:00:03",
        ["Worker:RequestTimeout"] = timeout,
    };

    private static async Task<DiffuseWorkRequest> RequestAsync(TestBlobs blobs, string output) => new(
        await blobs.PutImageAsync("crop.png", TestScenes.Crop(16, 16)),
        await blobs.PutMaskAsync("mask.png", TestScenes.CentreMask(16, 16)),
        "x", 0.5, 1, [blobs.Ref(output)]);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task A_full_queue_answers_429_with_Retry_After_and_the_admitted_work_completes()
    {
        var blobs = await TestBlobs.CreateAsync(azurite.ConnectionString);
        var gate = new GateFill();
        await using var host = new WorkerHost(azurite.ConnectionString, s => s.AddSingleton<IGenerationEngine>(gate), OneSlot());
        var client = await host.ReadyKeyClientAsync();

        var running = client.PostAsJsonAsync("/v1/diffuse", await RequestAsync(blobs, "a.png"), WorkerJson.Options);
        await gate.Entered.Task.WaitAsync(Patience);
        var queued = client.PostAsJsonAsync("/v1/diffuse", await RequestAsync(blobs, "b.png"), WorkerJson.Options);
        await WaitForAsync(() => host.Queue.Depth == 1);

        var refused = await client.PostAsJsonAsync("/v1/diffuse", await RequestAsync(blobs, "c.png"), WorkerJson.Options);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(WorkerProblemTypes.Busy, problem.RootElement.GetProperty("type").GetString());

        gate.Open();
        Assert.Equal(HttpStatusCode.OK, (await running.WaitAsync(Patience)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await queued.WaitAsync(Patience)).StatusCode);
        Assert.True(await blobs.ExistsAsync("b.png"));
        Assert.False(await blobs.ExistsAsync("c.png"));
    }

    [Fact]
    public async Task Client_disconnect_cancels_running_work()
    {
        var blobs = await TestBlobs.CreateAsync(azurite.ConnectionString);
        var gate = new GateFill();
        await using var host = new WorkerHost(azurite.ConnectionString, s => s.AddSingleton<IGenerationEngine>(gate), OneSlot());
        var client = await host.ReadyKeyClientAsync();
        using var disconnect = new CancellationTokenSource();

        var call = client.PostAsJsonAsync("/v1/diffuse", await RequestAsync(blobs, "a.png"), WorkerJson.Options, disconnect.Token);
        await gate.Entered.Task.WaitAsync(Patience);
        await disconnect.CancelAsync();

        await gate.Cancelled.Task.WaitAsync(Patience); // the engine saw the cancellation
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.False(await blobs.ExistsAsync("a.png"));
    }

    [Fact]
    public async Task Client_disconnect_withdraws_queued_work_before_it_runs()
    {
        var blobs = await TestBlobs.CreateAsync(azurite.ConnectionString);
        var gate = new GateFill();
        await using var host = new WorkerHost(azurite.ConnectionString, s => s.AddSingleton<IGenerationEngine>(gate), OneSlot());
        var client = await host.ReadyKeyClientAsync();
        using var disconnect = new CancellationTokenSource();

        var running = client.PostAsJsonAsync("/v1/diffuse", await RequestAsync(blobs, "a.png"), WorkerJson.Options);
        await gate.Entered.Task.WaitAsync(Patience);
        var queued = client.PostAsJsonAsync("/v1/diffuse", await RequestAsync(blobs, "b.png"), WorkerJson.Options, disconnect.Token);
        await WaitForAsync(() => host.Queue.Depth == 1);

        await disconnect.CancelAsync();
        await WaitForAsync(() => host.Queue.Depth == 0);
        gate.Open();

        Assert.Equal(HttpStatusCode.OK, (await running.WaitAsync(Patience)).StatusCode);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.Equal(1, gate.Started); // the withdrawn request never reached the engine
        Assert.False(await blobs.ExistsAsync("b.png"));
    }

    [Fact]
    public async Task Work_past_the_time_limit_is_cancelled_and_answered_503()
    {
        var blobs = await TestBlobs.CreateAsync(azurite.ConnectionString);
        var gate = new GateFill();
        await using var host = new WorkerHost(azurite.ConnectionString, s => s.AddSingleton<IGenerationEngine>(gate), OneSlot(timeout: "00:00:00.300"));
        var client = await host.ReadyKeyClientAsync();

        var response = await client.PostAsJsonAsync("/v1/diffuse", await RequestAsync(blobs, "a.png"), WorkerJson.Options);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(WorkerProblemTypes.TimedOut, problem.RootElement.GetProperty("type").GetString());
        await gate.Cancelled.Task.WaitAsync(Patience);
    }
}
