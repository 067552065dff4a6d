using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Inpaint.Local.Client;
using Inpaint.Local.Hosting;
using Inpaint.Local.Keys;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Worker;
using Inpaint.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Inpaint.Local.Tests.Faults;

/// <summary>
/// The local stack on the real GPU worker (<c>inpaint worker</c>, its own process), behind a loopback gate that
/// answers the first generation request 503 ("timed out") and passes everything else through. The sample's
/// activity fails, the Durable generation policy runs it again, and the worker writes the sample by reference:
/// exactly two generation calls for one sample (no retry inside the worker client), nothing staged, the task
/// complete and charged once. A refusal (4xx) is not retried at all: the task fails and is refunded.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WorkerRetryTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    const int CreditsPerSample = 2;
    const string WorkerKey = "worker-retry-test";

    readonly string dataDirectory = AzuriteFixture.NewDataDirectory();
    readonly int workerPort = InpaintProcess.FreePort();
    readonly HttpClient forward = new();
    InpaintProcess? worker;
    WebApplication? gate;
    int generateCalls;

    /// <summary>What the gate answers the first generation request with: the worker's own time-out by default.</summary>
    (int Status, string Type, string Title) firstAnswer = (503, WorkerProblemTypes.TimedOut, "Work timed out");

    [Fact]
    public async Task A_failed_generation_is_retried_once_by_the_durable_policy_alone()
    {
        var (_, outcome) = await this.RunOneSampleAsync();

        Assert.Equal("completed", outcome.Status);
        Assert.Equal(1, outcome.Delivered);
        Assert.Equal(2, Volatile.Read(ref this.generateCalls));
        var staging = new BlobContainerClient(azurite.ConnectionString, new WorkerClientOptions().StagingContainer);
        Assert.False((await staging.ExistsAsync()).Value && await staging.GetBlobsAsync().GetAsyncEnumerator().MoveNextAsync(), "the sample was staged");
    }

    [Fact]
    public async Task A_refusal_by_the_worker_fails_the_task_at_once_and_refunds_it()
    {
        // A 400 (here: the worker does not host the model) cannot be fixed by a retry: one call, no Durable retries.
        this.firstAnswer = (400, WorkerProblemTypes.ModelMissing, "Model missing");

        var (task, outcome) = await this.RunOneSampleAsync();

        Assert.Equal("failed", outcome.Status);
        Assert.Equal(0, outcome.Delivered);
        Assert.Equal(1, Volatile.Read(ref this.generateCalls));
        var error = task["error"]!.GetValue<string>();
        Assert.Contains("Model missing", error);
        Assert.DoesNotContain("127.0.0.1", error);   // the task's error names no internal address
    }

    /// <summary>Creates a one-sample task on the stack behind the gate and waits for it; the outcome's ledger check has run.</summary>
    async Task<(JsonObject Task, TaskOutcome Outcome)> RunOneSampleAsync()
    {
        var options = new LocalStackOptions { DataDirectory = this.dataDirectory, MinimumLogLevel = LogLevel.Critical };
        options.Settings["Storage:ConnectionString"] = azurite.ConnectionString;
        options.Settings["DurableTask:HubName"] = "wretry" + Guid.NewGuid().ToString("n")[..10];
        options.Settings["WorkerClient:BaseAddress"] = this.gate!.Urls.First() + "/";
        options.Settings["WorkerClient:ApiKey"] = WorkerKey;
        options.Settings["WorkerClient:BaseDelay"] = "00:00:00.001";
        options.Settings["Retry:FirstRetryInterval"] = "00:00:00.001";
        await using var stack = await LocalStack.StartAsync(options);
        var client = new InpaintApiClient(new HttpClient { BaseAddress = stack.BaseAddress }, stack.ApiKey!);
        var (image, mask) = await HostKillTests.UploadInputsAsync(client, this.dataDirectory);
        var clock = Stopwatch.StartNew();

        var created = await client.CreateTaskAsync("flux_inpainting", new JsonObject
        {
            ["image"] = image, ["mask_image"] = mask, ["resolution"] = 512, ["n_samples"] = 1,
        }, default);
        var task = await client.WaitForTaskAsync(created["_id"]!.GetValue<string>(), null, TimeSpan.FromSeconds(120), default);
        output.WriteLine($"task {task["status"]} in {clock.Elapsed.TotalSeconds:F1} s after {Volatile.Read(ref this.generateCalls)} generation calls; result {task["result"]}; error {task["error"]}");
        return (task, await TaskOutcome.CheckAsync(task, stack.Services.GetRequiredService<CreditLedger>(), DevelopmentApiKey.User, CreditsPerSample));
    }

    public async Task InitializeAsync()
    {
        this.worker = InpaintProcess.Start(
            "worker", "--urls", $"http://127.0.0.1:{this.workerPort}",
            "--set", $"Auth:ApiKey={WorkerKey}",
            "--set", $"Storage:ConnectionString={azurite.ConnectionString}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        this.gate = builder.Build();
        this.gate.Run(this.PassOrFailAsync);
        await this.gate.StartAsync();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await this.forward.GetAsync($"http://127.0.0.1:{this.workerPort}/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Assert.False(this.worker.HasExited, $"the worker exited:{Environment.NewLine}{this.worker.Output}");
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(90), $"the worker was not ready within 90 s:{Environment.NewLine}{this.worker.Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>The first generation request fails with <see cref="firstAnswer"/>; every request after it reaches
    /// the real worker unchanged.</summary>
    async Task PassOrFailAsync(HttpContext context)
    {
        if (context.Request.Path == "/v1/generate" && Interlocked.Increment(ref this.generateCalls) == 1)
        {
            context.Response.StatusCode = this.firstAnswer.Status;
            context.Response.ContentType = "application/problem+json";
            await context.Response.WriteAsync($$"""{"type":"{{this.firstAnswer.Type}}","title":"{{this.firstAnswer.Title}}","status":{{this.firstAnswer.Status}}}""");
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), $"http://127.0.0.1:{this.workerPort}{context.Request.Path}{context.Request.QueryString}");
        request.Headers.TryAddWithoutValidation(WorkerHeaders.ApiKey, context.Request.Headers[WorkerHeaders.ApiKey].ToString());
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(context.Request.ContentType ?? "application/json");
        }

        using var response = await this.forward.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async Task DisposeAsync()
    {
        if (this.gate is not null)
        {
            await this.gate.DisposeAsync();
        }

        if (this.worker is not null)
        {
            await this.worker.DisposeAsync();
        }

        this.forward.Dispose();
        AzuriteFixture.DeleteDirectory(this.dataDirectory);
    }
}
