using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Inpaint.Local.Client;
using Inpaint.Local.Hosting;
using Inpaint.Local.Keys;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Shared.Ledger;
using Inpaint.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Inpaint.Local.Tests.Faults;

/// <summary>
/// The GPU worker runs as its own process (<c>inpaint worker</c>) and is killed (SIGKILL) while it generates
/// a task's samples, then started again on the same port. The generation activity sees the connection drop and
/// the Durable generation policy runs it again; the task must complete with every sample, charged once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class WorkerKillTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    const int CreditsPerSample = 2;
    const int Samples = 2;
    const string WorkerKey = "worker-kill-test";

    readonly string dataDirectory = AzuriteFixture.NewDataDirectory();
    readonly int workerPort = InpaintProcess.FreePort();
    InpaintProcess? worker;

    [Fact]
    public async Task A_worker_killed_mid_generation_is_retried_once_it_is_back()
    {
        await this.StartWorkerAsync();
        var options = new LocalStackOptions { DataDirectory = this.dataDirectory, MinimumLogLevel = LogLevel.Critical };
        options.Settings["Storage:ConnectionString"] = azurite.ConnectionString;
        options.Settings["DurableTask:HubName"] = "wkill" + Guid.NewGuid().ToString("n")[..10];
        options.Settings["WorkerClient:BaseAddress"] = $"http://127.0.0.1:{this.workerPort}/";
        options.Settings["WorkerClient:ApiKey"] = WorkerKey;
        await using var stack = await LocalStack.StartAsync(options);
        var client = new InpaintApiClient(new HttpClient { BaseAddress = stack.BaseAddress }, stack.ApiKey!);
        var (image, mask) = await HostKillTests.UploadInputsAsync(client, this.dataDirectory);

        var created = await client.CreateTaskAsync("flux_inpainting", new JsonObject
        {
            ["image"] = image, ["mask_image"] = mask, ["resolution"] = 512, ["n_samples"] = Samples,
        }, default);
        string id = created["_id"]!.GetValue<string>();

        // The worker logs each request as it starts: kill it as soon as the first generation request is in.
        await this.worker!.WaitForLineAsync(GenerateRequest(), TimeSpan.FromSeconds(60));
        await this.worker.KillAsync();
        Assert.DoesNotContain(this.worker.Output.Split('\n'), line => GenerateFinished().IsMatch(line));
        var killedAt = await client.GetTaskAsync(id, default);
        output.WriteLine($"killed the worker (pid {this.worker.Id}) during a generation request; task {killedAt["status"]}, step {killedAt["progress"]?["step"]}");
        Assert.Equal("running", killedAt["status"]!.GetValue<string>());

        var clock = Stopwatch.StartNew();
        await this.StartWorkerAsync();
        output.WriteLine($"worker back after {clock.Elapsed.TotalSeconds:F1} s");
        var task = await client.WaitForTaskAsync(id, null, TimeSpan.FromSeconds(120), default);
        var retried = this.worker.Output.Split('\n').Count(line => GenerateRequest().IsMatch(line));
        output.WriteLine($"task {task["status"]} {clock.Elapsed.TotalSeconds:F1} s after the kill; the new worker served {retried} generation requests");

        var outcome = await TaskOutcome.CheckAsync(task, stack.Services.GetRequiredService<CreditLedger>(), DevelopmentApiKey.User, CreditsPerSample);
        output.WriteLine($"outcome: {outcome}");
        Assert.Equal("completed", outcome.Status);
        Assert.Equal(Samples, outcome.Delivered);
        Assert.True(retried > 0, "the restarted worker was never called: the samples did not come from a retry");
    }

    async Task StartWorkerAsync()
    {
        if (this.worker is not null)
        {
            await this.worker.DisposeAsync();
        }

        this.worker = InpaintProcess.Start(
            "worker", "--urls", $"http://127.0.0.1:{this.workerPort}",
            "--set", $"Auth:ApiKey={WorkerKey}",
            "--set", $"Storage:ConnectionString={azurite.ConnectionString}",
            "--set", "Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information");
        using var http = new HttpClient();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{this.workerPort}/readyz")).IsSuccessStatusCode)
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

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (this.worker is not null)
        {
            await this.worker.DisposeAsync();
        }

        AzuriteFixture.DeleteDirectory(this.dataDirectory);
    }

    [GeneratedRegex(@"Request starting .*POST .*/v1/generate")]
    private static partial Regex GenerateRequest();

    [GeneratedRegex(@"Request finished .*POST .*/v1/generate")]
    private static partial Regex GenerateFinished();
}
