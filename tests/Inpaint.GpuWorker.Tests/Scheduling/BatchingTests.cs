using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Inpaint.GpuWorker.Diagnostics;
using Inpaint.GpuWorker.Tests.Engines;
using Inpaint.GpuWorker.Tests.Hosting;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Worker;
using Microsoft.Extensions.DependencyInjection;

using Inpaint.Testing;

namespace Inpaint.GpuWorker.Tests.Scheduling;

[Collection(AzuriteCollection.Name)]
public sealed class BatchingTests(AzuriteFixture azurite)
{
    private static Dictionary<string, string?> Batching(int maxBatch, string window) => new()
    {
        ["Worker:MaxBatchSize"] = maxBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Worker:BatchWindow"] = window,
    };

    /// <summary>Requests that differ in crop pixels and seed but share prompt and creativity (so they may batch).</summary>
    private static Task<DiffuseWorkRequest[]> FourRequestsAsync(TestBlobs blobs, string prefix, params (int Width, int Height)[] sizes) =>
        RequestsAsync(blobs, prefix, _ => "a lighthouse", sizes);

    private static async Task<DiffuseWorkRequest[]> RequestsAsync(TestBlobs blobs, string prefix, Func<int, string> prompt, params (int Width, int Height)[] sizes)
    {
        var requests = new DiffuseWorkRequest[sizes.Length];
        for (var i = 0; i < sizes.Length; i++)
        {
            var (w, h) = sizes[i];
            requests[i] = new DiffuseWorkRequest(
                await blobs.PutImageAsync($"crop-{i}.png", TestScenes.Crop(w, h, i)),
                await blobs.PutMaskAsync($"mask-{i}.png", TestScenes.CentreMask(w, h)),
                prompt(i), 0.4, 1000 + 7 * i, [blobs.Ref($"{prefix}-{i}.png")]);
        }

        return requests;
    }

    [Fact]
    public async Task Concurrent_requests_for_one_model_and_size_run_as_one_batch_and_equal_unbatched_runs()
    {
        var blobs = await TestBlobs.CreateAsync(azurite.ConnectionString);
        var sizes = Enumerable.Repeat((32, 24), 4).ToArray();
        var batchSizes = new List<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == WorkerMetrics.MeterName && instrument.Name == "inpaint.worker.batch.size") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => { lock (batchSizes) batchSizes.Add(value); });
        listener.Start();

        var batchedEngine = new SeededFill();
        await using (var batched = new WorkerHost(azurite.ConnectionString, s => s.AddSingleton<IGenerationEngine>(batchedEngine), Batching(4, "00:00:05")))
        {
            var client = await batched.ReadyKeyClientAsync();
            var requests = await FourRequestsAsync(blobs, "batched", sizes);
            var responses = await Task.WhenAll(requests.Select(r => client.PostAsJsonAsync("/v1/diffuse", r, WorkerJson.Options)));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        }

        // The window is 5 s, but the batch is full at 4 and runs at once: one engine call of 4.
        Assert.Equal([4], batchedEngine.Calls.ToArray());
        lock (batchSizes) Assert.Equal([4], batchSizes);

        var aloneEngine = new SeededFill();
        await using (var unbatched = new WorkerHost(azurite.ConnectionString, s => s.AddSingleton<IGenerationEngine>(aloneEngine), Batching(1, "00:00:00")))
        {
            var client = await unbatched.ReadyKeyClientAsync();
            foreach (var request in await FourRequestsAsync(blobs, "alone", sizes))
                Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/diffuse", request, WorkerJson.Options)).StatusCode);
        }

        Assert.Equal([1, 1, 1, 1], aloneEngine.Calls.ToArray());
        for (var i = 0; i < 4; i++)
        {
            using var fromBatch = await blobs.GetImageAsync($"batched-{i}.png");
            using var alone = await blobs.GetImageAsync($"alone-{i}.png");
            Assert.Equal(0, TestImages.CountDifferent(alone, fromBatch));
        }
    }

    [Fact]
    public async Task Samples_of_different_sizes_are_never_batched_together()
    {
        var blobs = await TestBlobs.CreateAsync(azurite.ConnectionString);
        var engine = new SeededFill();
        await using var host = new WorkerHost(azurite.ConnectionString, s => s.AddSingleton<IGenerationEngine>(engine), Batching(4, "00:00:00.500"));
        var client = await host.ReadyKeyClientAsync();
        var requests = await FourRequestsAsync(blobs, "mixed", (32, 24), (16, 16), (32, 24), (16, 16));

        var responses = await Task.WhenAll(requests.Select(r => client.PostAsJsonAsync("/v1/diffuse", r, WorkerJson.Options)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal([2, 2], engine.Calls.ToArray());
    }

    [Fact]
    public async Task Requests_with_different_prompts_are_never_batched_together()
    {
        var blobs = await TestBlobs.CreateAsync(azurite.ConnectionString);
        var engine = new SeededFill();
        await using var host = new WorkerHost(azurite.ConnectionString, s => s.AddSingleton<IGenerationEngine>(engine), Batching(4, "00:00:00.500"));
        var client = await host.ReadyKeyClientAsync();
        var requests = await RequestsAsync(blobs, "prompts", i => i % 2 == 0 ? "a boat" : "a tree", (16, 16), (16, 16), (16, 16), (16, 16));

        var responses = await Task.WhenAll(requests.Select(r => client.PostAsJsonAsync("/v1/diffuse", r, WorkerJson.Options)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal([2, 2], engine.Calls.ToArray());
    }

    [Fact]
    public async Task A_lone_request_runs_after_the_window_without_companions()
    {
        var blobs = await TestBlobs.CreateAsync(azurite.ConnectionString);
        var engine = new SeededFill();
        await using var host = new WorkerHost(azurite.ConnectionString, s => s.AddSingleton<IGenerationEngine>(engine), Batching(4, "00:00:00.050"));
        var client = await host.ReadyKeyClientAsync();
        var request = (await FourRequestsAsync(blobs, "lone", (16, 16)))[0];

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/diffuse", request, WorkerJson.Options)).StatusCode);
        Assert.Equal([1], engine.Calls.ToArray());
    }
}
