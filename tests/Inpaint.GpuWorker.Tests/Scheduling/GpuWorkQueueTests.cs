using System.Diagnostics.Metrics;
using Inpaint.GpuWorker.Diagnostics;
using Inpaint.GpuWorker.Scheduling;
using Inpaint.GpuWorker.Tests.Engines;
using Inpaint.GpuWorker.Tests.Hosting;
using Inpaint.Shared.Generation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Inpaint.GpuWorker.Tests.Scheduling;

/// <summary>The queue on its own (no HTTP): what one caller's cancellation does to a shared batch.</summary>
public sealed class GpuWorkQueueTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private GpuWorkQueue queue = null!;

    public async Task InitializeAsync()
    {
        var options = Options.Create(new WorkerCapacityOptions { MaxBatchSize = 2, BatchWindow = TimeSpan.FromMilliseconds(500), QueueLimitPerGpu = 4 });
        queue = new GpuWorkQueue(options, new WorkerMetrics(services.GetRequiredService<IMeterFactory>()), NullLogger<GpuWorkQueue>.Instance);
        await queue.StartAsync(default);
    }

    public async Task DisposeAsync()
    {
        await queue.StopAsync(default);
        queue.Dispose();
        await services.DisposeAsync();
    }

    private static GenerationRequest Sample(long seed) => new(TestScenes.Crop(8, 8), TestScenes.CentreMask(8, 8), "", 0, seed);

    [Fact]
    public async Task A_batch_keeps_running_while_one_of_its_callers_remains()
    {
        var engine = new HeldBatchFill();
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var a = queue.DiffuseAsync(engine, [Sample(1)], first.Token);
        var b = queue.DiffuseAsync(engine, [Sample(2)], second.Token);
        Assert.Equal(2, await engine.Entered.Task.WaitAsync(Patience));

        await first.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a.WaitAsync(Patience));
        await Task.Delay(100);
        Assert.False(engine.Cancelled.Task.IsCompleted, "one caller leaving cancelled the whole batch");

        engine.Release();
        var images = await b.WaitAsync(Patience);
        Assert.Single(images);
        images[0].Dispose();
    }

    [Fact]
    public async Task A_batch_is_cancelled_when_all_its_callers_have_gone()
    {
        var engine = new HeldBatchFill();
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var a = queue.DiffuseAsync(engine, [Sample(1)], first.Token);
        var b = queue.DiffuseAsync(engine, [Sample(2)], second.Token);
        await engine.Entered.Task.WaitAsync(Patience);

        await first.CancelAsync();
        await second.CancelAsync();

        await engine.Cancelled.Task.WaitAsync(Patience);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a.WaitAsync(Patience));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b.WaitAsync(Patience));
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task A_request_larger_than_the_free_capacity_is_refused_whole()
    {
        var engine = new HeldBatchFill();
        var running = queue.DiffuseAsync(engine, [Sample(1), Sample(2)], default);
        await engine.Entered.Task.WaitAsync(Patience);
        var waiting = queue.DiffuseAsync(engine, [Sample(3), Sample(4), Sample(5)], default);

        var refused = await Assert.ThrowsAsync<WorkerBusyException>(() => queue.DiffuseAsync(engine, [Sample(6), Sample(7)], default));

        Assert.Equal(4, refused.Limit);
        Assert.Equal(3, queue.Depth); // nothing of the refused request was queued
        engine.Release();
        foreach (var image in (await running.WaitAsync(Patience)).Concat(await waiting.WaitAsync(Patience)))
            image.Dispose();
    }
}
