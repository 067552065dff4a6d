using System.Text.Json.Nodes;
using Inpaint.Local.Client;
using Inpaint.Local.Hosting;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Worker;
using Inpaint.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;
using Xunit.Abstractions;

namespace Inpaint.Local.Tests.Faults;

/// <summary>
/// The local stack with its generation engine behind <see cref="WorkerGenerationEngine"/>, pointed at a loopback
/// "worker" that fails in one way at a time: 500, 429, a 200 of garbage, or no answer at all. Every task must
/// reach a terminal state, every reported output must exist, and the ledger must be exact: charged − refunded
/// = delivered samples × price, and each sample is attempted exactly as often as the Durable generation policy
/// says (the one retry layer). Retries are made fast (1 ms orchestration backoff, attempts of at most 1 s) so
/// the whole test stays within seconds.
/// </summary>
public sealed class WorkerFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    const int PricePerSample = 2;

    readonly string dataDirectory = AzuriteFixture.NewDataDirectory();
    string fault = "500";
    WebApplication? worker;
    int workerRequests;
    int generateRequests;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        this.worker = builder.Build();
        this.worker.Run(this.AnswerAsync);
        await this.worker.StartAsync();
    }

    async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref this.workerRequests);
        if (context.Request.Path == "/v1/generate")
        {
            Interlocked.Increment(ref this.generateRequests);
        }

        switch (this.fault)
        {
            case "500":
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("boom");
                break;
            case "429":
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "0";
                break;
            case "garbage":
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"output\": [\"\u0000not a blob\", 42], \"seed\": \"x\"");
                break;
            default:
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                break;
        }
    }

    [Fact]
    public async Task Every_worker_fault_ends_the_task_with_an_exact_ledger()
    {
        var options = new LocalStackOptions { DataDirectory = this.dataDirectory, MinimumLogLevel = LogLevel.Critical };
        options.Settings["DurableTask:HubName"] = "faults" + Guid.NewGuid().ToString("n")[..8];
        options.Settings["WorkerClient:BaseAddress"] = this.worker!.Urls.First() + "/";
        options.Settings["WorkerClient:ApiKey"] = "fault-test";
        options.Settings["WorkerClient:MaxAttempts"] = "2";
        options.Settings["Retry:FirstRetryInterval"] = "00:00:00.001";
        options.Settings["WorkerClient:BaseDelay"] = "00:00:00.010";
        options.Settings["WorkerClient:AttemptTimeout"] = "00:00:01";
        // With WorkerClient:BaseAddress set, the product's composition sends generation to the worker
        // (GpuWorkerEngines: WorkerGenerationEngine hands it the task's blob names, POST /v1/generate).

        await using var stack = await LocalStack.StartAsync(options);
        using var http = new HttpClient { BaseAddress = stack.BaseAddress };
        var client = new InpaintApiClient(http, stack.ApiKey!);
        var ledger = stack.Services.GetRequiredService<CreditLedger>();
        var directory = Path.Combine(this.dataDirectory, "in");
        Directory.CreateDirectory(directory);
        using (var photo = TestImages.Photo(96, 64))
            await File.WriteAllBytesAsync(Path.Combine(directory, "photo.png"), TestImages.Png(photo));
        using (var mask = TestImages.RectangleMask(96, 64, new Rectangle(30, 20, 24, 16)))
            await File.WriteAllBytesAsync(Path.Combine(directory, "mask.png"), TestImages.Png(mask));
        var image = await client.UploadAsync(Path.Combine(directory, "photo.png"), default);
        var maskRef = await client.UploadAsync(Path.Combine(directory, "mask.png"), default);

        foreach (var mode in new[] { "500", "429", "garbage", "hang" })
        {
            this.fault = mode;
            var before = Volatile.Read(ref this.workerRequests);
            var generateBefore = Volatile.Read(ref this.generateRequests);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var created = await client.CreateTaskAsync("flux_inpainting", new JsonObject
            {
                ["image"] = image, ["mask_image"] = maskRef, ["resolution"] = 512, ["n_samples"] = 2,
            }, default);
            var id = created["_id"]!.GetValue<string>();
            var task = await client.WaitForTaskAsync(id, null, TimeSpan.FromSeconds(100), default);
            var outcome = await TaskOutcome.CheckAsync(task, ledger, DevelopmentUserName(), PricePerSample);
            output.WriteLine($"worker {mode}: task {outcome.Status} ({task["error"]}) in {clock.Elapsed.TotalSeconds:F1} s after {Volatile.Read(ref this.workerRequests) - before} worker calls; delivered {outcome.Delivered}, net charge {outcome.NetCharge}");
            Assert.Contains(outcome.Status, new[] { "completed", "failed" });
            Assert.True(Volatile.Read(ref this.workerRequests) > before, $"{mode}: the worker was never called");
            // One retry layer: each sample's generation is attempted exactly as often as the Durable policy allows,
            // one worker call per attempt, although the client would retry region calls (MaxAttempts 2).
            Assert.Equal(2 * RetryPolicies.GenerationAttempts, Volatile.Read(ref this.generateRequests) - generateBefore);
        }
    }

    static string DevelopmentUserName() => Inpaint.Local.Keys.DevelopmentApiKey.User;

    public async Task DisposeAsync()
    {
        if (this.worker is not null) await this.worker.DisposeAsync();
        AzuriteFixture.DeleteDirectory(this.dataDirectory);
    }
}
