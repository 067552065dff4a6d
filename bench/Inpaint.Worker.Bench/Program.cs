extern alias local;

using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Json;
using Azure.Storage.Blobs;
using Inpaint.GpuWorker.Diagnostics;
using Inpaint.GpuWorker.Hosting;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Worker;
using Inpaint.Worker.Bench.Engines;
using local::Inpaint.Local.Storage.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

// N concurrent diffuse calls against the real worker (HTTP on loopback, Blob I/O on Azurite), with dynamic
// batching off (MaxBatchSize 1) and on, in one run; prints a Markdown table for docs/benchmarks.md.
// Usage: dotnet run -c Release --project bench/Inpaint.Worker.Bench [-- --clients 1,2,4,8 --requests 8 --reps 2]
var clients = Arg("--clients", "1,2,4,8").Split(',').Select(int.Parse).ToArray();
var requestsPerClient = int.Parse(Arg("--requests", "8"), CultureInfo.InvariantCulture);
var reps = int.Parse(Arg("--reps", "2"), CultureInfo.InvariantCulture);
var window = Arg("--window", "00:00:00.015");
const int CropSize = 64;

using var engine = new LatentFill(
    int.Parse(Arg("--latent", "4096"), CultureInfo.InvariantCulture),
    int.Parse(Arg("--steps", "20"), CultureInfo.InvariantCulture));
using var crop = Crop(CropSize);
var mask = Mask(CropSize);

// 1. The engine alone: four samples one by one versus one batch of four, and whether the pixels agree.
var requests = Enumerable.Range(0, 4).Select(i => new GenerationRequest(crop, mask, "bench", 0.5, 100 + i)).ToArray();
await engine.GenerateBatchAsync(requests, null, default); // warm-up
var singleTime = Time(() => { foreach (var r in requests) engine.GenerateAsync(r, null, default).Result.Dispose(); }, 5);
var batchTime = Time(() => { foreach (var i in engine.GenerateBatchAsync(requests, null, default).Result) i.Dispose(); }, 5);
var singles = requests.Select(r => engine.GenerateAsync(r, null, default).Result).ToArray();
var batched = await engine.GenerateBatchAsync(requests, null, default);
var identical = singles.Zip(batched).Count(p => Same(p.First, p.Second));
Console.WriteLine($"engine alone, 4 samples ({engine.Steps} steps, K={engine.K}): one by one {singleTime.TotalMilliseconds:F1} ms, " +
                  $"one batch {batchTime.TotalMilliseconds:F1} ms ({singleTime / batchTime:F2}x); batch == single for {identical}/4 samples");

// 2. The worker over HTTP with Blob I/O, batching off and on.
var data = Path.Combine(Path.GetTempPath(), "inpaint-bench", "azurite-" + Guid.NewGuid().ToString("n")[..8]);
await using var azurite = await AzuriteEmulator.StartAsync(new AzuriteOptions { DataDirectory = data });
var container = new BlobContainerClient(azurite.ConnectionString, "bench");
await container.CreateIfNotExistsAsync();
await Upload(container, "crop.png", s => crop.SaveAsPng(s));
await Upload(container, "mask.png", s => MaskCodec.WritePng8Async(mask, s, default).Wait());

var batchSizes = new List<int>();
using var listener = new MeterListener();
listener.InstrumentPublished = (instrument, l) =>
{
    if (instrument.Meter.Name == WorkerMetrics.MeterName && instrument.Name == "inpaint.worker.batch.size") l.EnableMeasurementEvents(instrument);
};
listener.SetMeasurementEventCallback<int>((_, value, _, _) => { lock (batchSizes) batchSizes.Add(value); });
listener.Start();

var off = await StartWorkerAsync(azurite.ConnectionString, engine, maxBatch: 1, window: "00:00:00");
var on = await StartWorkerAsync(azurite.ConnectionString, engine, maxBatch: clients.Max(), window: window);

Console.WriteLine();
Console.WriteLine($"| concurrent calls | batching off (samples/s) | batching on (samples/s) | on / off | mean batch (on) | p50 latency off / on (ms) |");
Console.WriteLine($"|---:|---:|---:|---:|---:|---:|");
foreach (var n in clients)
{
    var offRuns = new List<(double Throughput, double P50)>();
    var onRuns = new List<(double Throughput, double P50)>();
    var onBatches = new List<int>();
    await LoadAsync(off.Client, n, 1, $"warm-off-{n}");
    await LoadAsync(on.Client, n, 1, $"warm-on-{n}");
    for (var rep = 0; rep < reps; rep++)
    {
        offRuns.Add(await LoadAsync(off.Client, n, requestsPerClient, $"off-{n}-{rep}"));
        lock (batchSizes) batchSizes.Clear();
        onRuns.Add(await LoadAsync(on.Client, n, requestsPerClient, $"on-{n}-{rep}"));
        lock (batchSizes) onBatches.AddRange(batchSizes);
    }

    var offThroughput = offRuns.Average(r => r.Throughput);
    var onThroughput = onRuns.Average(r => r.Throughput);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {n} | {offThroughput:F1} | {onThroughput:F1} | {onThroughput / offThroughput:F2}x | {onBatches.DefaultIfEmpty(0).Average():F2} | {offRuns.Average(r => r.P50):F0} / {onRuns.Average(r => r.P50):F0} |"));
}

// Same seed, same pixels: every output of the batched runs against the unbatched run with the same seed.
var same = 0;
var compared = 0;
foreach (var n in clients)
    for (var c = 0; c < n; c++)
        for (var j = 0; j < requestsPerClient; j++)
        {
            using var a = await Download(container, $"off-{n}-0/{c}-{j}.png");
            using var b = await Download(container, $"on-{n}-0/{c}-{j}.png");
            compared++;
            if (Same(a, b)) same++;
        }

Console.WriteLine();
Console.WriteLine($"outputs identical with batching on and off (same seeds): {same}/{compared}");
await off.App.StopAsync();
await on.App.StopAsync();
await azurite.StopAsync();
try { Directory.Delete(data, recursive: true); } catch (IOException) { }
return 0;

async Task<(double Throughput, double P50)> LoadAsync(HttpClient client, int n, int perClient, string prefix)
{
    var latencies = new List<double>();
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, n).Select(async c =>
    {
        for (var j = 0; j < perClient; j++)
        {
            var started = Stopwatch.GetTimestamp();
            var request = new DiffuseWorkRequest(
                BlobReference.In("bench", "crop.png"), BlobReference.In("bench", "mask.png"), "bench", 0.5,
                Seed: 1000 * c + j, Outputs: [BlobReference.In("bench", $"{prefix}/{c}-{j}.png")]);
            using var response = await client.PostAsJsonAsync("v1/diffuse", request, WorkerJson.Options);
            response.EnsureSuccessStatusCode();
            lock (latencies) latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }));
    var elapsed = clock.Elapsed;
    latencies.Sort();
    return (n * perClient / elapsed.TotalSeconds, latencies[latencies.Count / 2]);
}

static async Task<(WebApplication App, HttpClient Client)> StartWorkerAsync(string connectionString, LatentFill engine, int maxBatch, string window)
{
    var app = WorkerApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Storage:ConnectionString={connectionString}",
            "--Auth:ApiKey=bench-key",
            $"--Worker:MaxBatchSize={maxBatch}",
            $"--Worker:BatchWindow={window}",
            "--Worker:QueueLimitPerGpu=64",
            "--Logging:LogLevel:Default=Warning",
        ],
        (services, _) => services.AddSingleton<IGenerationEngine>(engine));
    await app.StartAsync();
    var client = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };
    client.DefaultRequestHeaders.Add(WorkerHeaders.ApiKey, "bench-key");
    for (var i = 0; i < 200 && !(await client.GetAsync("readyz")).IsSuccessStatusCode; i++)
        await Task.Delay(25);
    return (app, client);
}

static TimeSpan Time(Action action, int repeats)
{
    var best = TimeSpan.MaxValue;
    for (var i = 0; i < repeats; i++)
    {
        var clock = Stopwatch.StartNew();
        action();
        if (clock.Elapsed < best) best = clock.Elapsed;
    }

    return best;
}

static bool Same(Image<Rgba32> a, Image<Rgba32> b)
{
    if (a.Size() != b.Size()) return false;
    for (var y = 0; y < a.Height; y++)
        for (var x = 0; x < a.Width; x++)
            if (a[x, y] != b[x, y]) return false;
    return true;
}

static async Task Upload(BlobContainerClient container, string name, Action<Stream> write)
{
    using var buffer = new MemoryStream();
    write(buffer);
    buffer.Position = 0;
    await container.GetBlobClient(name).UploadAsync(buffer, overwrite: true);
}

static async Task<Image<Rgba32>> Download(BlobContainerClient container, string name) =>
    Image.Load<Rgba32>((await container.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray());

static Image<Rgba32> Crop(int size)
{
    var image = new Image<Rgba32>(size, size);
    for (var y = 0; y < size; y++)
        for (var x = 0; x < size; x++)
            image[x, y] = new Rgba32((byte)(x * 4), (byte)(y * 4), 90, 255);
    return image;
}

static MaskPlane Mask(int size)
{
    var mask = new MaskPlane(size, size);
    for (var y = size / 4; y < size * 3 / 4; y++)
        for (var x = size / 4; x < size * 3 / 4; x++)
            mask[x, y] = 1f;
    return mask;
}

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
