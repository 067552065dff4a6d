using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Inpaint.Inference.Generation;
using Inpaint.Local.Client;
using Inpaint.Local.Hosting;
using Inpaint.Local.Keys;
using Inpaint.Local.Storage.Emulator;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Pricing;
using Inpaint.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using Xunit.Abstractions;

namespace Inpaint.Local.Tests.Faults;

/// <summary>
/// The local stack on an Azurite of the test's own, which is restarted while tasks run: a graceful stop
/// (SIGTERM; Azurite saves its metadata on a clean exit) and a start over the same data folder on the same
/// three ports, so the stack's connection string stays valid. Twice: right after the creates, and once a
/// task has moved on. While storage is down the API must answer a clean 503 (problem+json, Retry-After)
/// and charge nothing. Afterwards every task must be final, every reported output must download, and each
/// task must be charged exactly once with charged − refunded = delivered samples × price.
/// </summary>
/// <remarks>
/// A kill -9 of Azurite is not tested: Azurite writes its metadata (LokiJS) to disk every 5 s and on a clean
/// exit, so a hard kill can lose its last seconds of acknowledged writes. That is the emulator's property,
/// not the service's; Azure Storage acknowledges a write only once it is durable.
/// <para>
/// What this test found: a control-queue message (an <c>ExecutionStarted</c>) dequeued just before the stop
/// could neither be processed nor abandoned while storage was down, so it stayed hidden for the queue's
/// visibility timeout — 5 minutes with the provider's default, and the task stayed pending that long (3
/// runs out of 3). With <c>DurableTask:MessageVisibilityTimeout</c> at 30 s it comes back within 30 s.
/// </para>
/// <para>
/// And: the drop poller and the reconciler caught <c>RequestFailedException</c>, but once its retries are
/// spent the storage SDK throws an <c>AggregateException</c>; out of a <c>BackgroundService</c> that stopped
/// the host (<c>inpaint serve</c> exited on an Azurite restart). Both now treat a storage outage as transient.
/// </para>
/// </remarks>
public sealed class AzuriteRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    const int TaskCount = 4;
    const int Samples = 2;
    static readonly TimeSpan AllFinalTimeout = TimeSpan.FromSeconds(75);

    readonly string azuriteData = AzuriteFixture.NewDataDirectory();
    readonly string workDirectory = AzuriteFixture.NewDataDirectory();
    readonly Stopwatch sinceCreates = new();
    AzuriteOptions? azuriteOptions;
    AzuriteEmulator? azurite;

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(3);
        this.azuriteOptions = AzuriteFixture.OptionsFor(this.azuriteData);
        (this.azuriteOptions.BlobPort, this.azuriteOptions.QueuePort, this.azuriteOptions.TablePort) = (ports[0], ports[1], ports[2]);
        this.azurite = await AzuriteEmulator.StartAsync(this.azuriteOptions);
    }

    [Fact]
    public async Task Tasks_end_with_their_outputs_and_an_exact_ledger_across_two_restarts_of_Azurite()
    {
        var options = new LocalStackOptions { DataDirectory = this.workDirectory, MinimumLogLevel = LogLevel.Critical };
        options.Settings["Storage:ConnectionString"] = this.azurite!.ConnectionString;
        options.Settings["DurableTask:HubName"] = "restart" + Guid.NewGuid().ToString("n")[..8];
        options.Settings["Reconcile:Interval"] = "00:00:01"; // background storage work that runs into each outage, too
        options.ConfigureServices = services => services.AddSingleton<IGenerationEngine, HarmonicFill>();   // a quick engine; registered last, it wins

        await using var stack = await LocalStack.StartAsync(options);
        Assert.Null(stack.Azurite); // the stack runs on the test's Azurite, which the test restarts
        using var http = new HttpClient { BaseAddress = stack.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var client = new InpaintApiClient(http, stack.ApiKey!);
        var ledger = stack.Services.GetRequiredService<CreditLedger>();
        var price = stack.Services.GetRequiredService<IOptions<PricingOptions>>().Value.CreditsPerSample;
        var user = DevelopmentApiKey.User;
        var balanceBefore = await ledger.BalanceAsync(user);

        var directory = Path.Combine(this.workDirectory, "in");
        Directory.CreateDirectory(directory);
        using (var photo = TestImages.Photo(96, 64))
            await File.WriteAllBytesAsync(Path.Combine(directory, "photo.png"), TestImages.Png(photo));
        using (var mask = TestImages.RectangleMask(96, 64, new Rectangle(30, 20, 24, 16)))
            await File.WriteAllBytesAsync(Path.Combine(directory, "mask.png"), TestImages.Png(mask));
        var args = new JsonObject
        {
            ["image"] = await client.UploadAsync(Path.Combine(directory, "photo.png"), default),
            ["mask_image"] = await client.UploadAsync(Path.Combine(directory, "mask.png"), default),
            ["resolution"] = 512,
            ["n_samples"] = Samples,
        };

        this.sinceCreates.Start();
        var ids = new List<string>();
        for (var i = 0; i < TaskCount; i++)
            ids.Add((await client.CreateTaskAsync("flux_inpainting", (JsonObject)args.DeepClone(), default))["_id"]!.GetValue<string>());

        // Restart 1: at once, while the orchestrations are being picked up.
        var first = await this.RestartAsync(http, stack.ApiKey!, ids[0], args);
        output.WriteLine($"restart 1 at {first.At.TotalSeconds:F1} s: {first}");

        // Restart 2: mid-run, once some task has moved past pending (or ended).
        var moved = await WaitUntilAsync(async () =>
        {
            foreach (var id in ids)
                if ((await client.GetTaskAsync(id, default))["status"]!.GetValue<string>() != "pending") return true;
            return false;
        }, TimeSpan.FromSeconds(40));
        Assert.True(moved, "no task left pending within 40 s of the first restart");
        var statuses = new List<string>();
        foreach (var id in ids) statuses.Add((await client.GetTaskAsync(id, default))["status"]!.GetValue<string>());
        var second = await this.RestartAsync(http, stack.ApiKey!, ids[^1], args);
        output.WriteLine($"restart 2 at {second.At.TotalSeconds:F1} s (tasks {string.Join(", ", statuses)}): {second}");

        // Every task reaches a final state.
        var finals = new Dictionary<string, JsonObject>();
        var allFinal = await WaitUntilAsync(async () =>
        {
            foreach (var id in ids.Where(id => !finals.ContainsKey(id)))
            {
                var task = await client.GetTaskAsync(id, default);
                if (task["status"]!.GetValue<string>() is "completed" or "failed" or "cancelled") finals[id] = task;
            }

            return finals.Count == ids.Count;
        }, AllFinalTimeout);
        output.WriteLine($"all final: {allFinal} at {this.sinceCreates.Elapsed.TotalSeconds:F1} s since the first create");
        if (!allFinal)
        {
            var durable = stack.Services.GetRequiredService<DurableTaskClient>();
            var stuck = new List<string>();
            foreach (var id in ids.Where(id => !finals.ContainsKey(id)))
            {
                var instance = await durable.GetInstanceAsync(id, getInputsAndOutputs: true);
                stuck.Add($"{id} (orchestration {instance?.RuntimeStatus}, {instance?.SerializedCustomStatus})");
            }

            Assert.Fail($"not final {AllFinalTimeout.TotalSeconds:F0} s after the restarts: {string.Join(", ", stuck)}");
        }

        // Each task: completed or failed, outputs that exist, one charge of the task's price, and
        // charged − refunded = delivered × price.
        var movements = await ledger.MovementsAsync(user);
        long deliveredTotal = 0;
        foreach (var id in ids)
        {
            var task = finals[id];
            var outcome = await TaskOutcome.CheckAsync(task, ledger, user, price);
            var ofTask = movements.Where(m => m.TaskId == id).ToArray();
            output.WriteLine($"{id}: {outcome.Status} ({task["error"]}), delivered {outcome.Delivered}/{Samples}, movements {string.Join(" ", ofTask.Select(m => $"{m.Kind}{m.Credits:+0;-0}"))}");
            Assert.Contains(outcome.Status, new[] { "completed", "failed" });
            Assert.Equal(-Samples * price, ofTask.Single(m => m.Kind == CreditLedger.Charge).Credits);
            deliveredTotal += outcome.Delivered;
        }

        // Nothing charged for a request refused during an outage: every charge belongs to one of the tasks,
        // and the balance moved by exactly what was delivered.
        Assert.All(movements.Where(m => m.Kind == CreditLedger.Charge), m => Assert.Contains(m.TaskId, ids));
        Assert.Equal(balanceBefore - deliveredTotal * price, await ledger.BalanceAsync(user));
        output.WriteLine($"delivered {deliveredTotal} of {TaskCount * Samples} samples; balance {balanceBefore} → {balanceBefore - deliveredTotal * price}");

        // The stack's background work (drop poller, reconciler) ran into both outages and kept the host up.
        Assert.False(stack.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested,
            "the host began to stop during an outage (a background service failed)");

        // While storage was down, a read and a create were a clean 503 the client can retry, not a 500.
        foreach (var outage in new[] { first, second })
        {
            foreach (var answer in new[] { outage.Get, outage.Create })
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
                Assert.Equal("application/problem+json", answer.ContentType);
                Assert.True(answer.RetryAfter is > 0, $"503 without Retry-After: {answer}");
            }
        }
    }

    /// <summary>
    /// Stops Azurite gracefully, asks the API for a task and for a new one while storage is down, then starts
    /// Azurite again over the same folder and ports.
    /// </summary>
    async Task<Outage> RestartAsync(HttpClient http, string apiKey, string taskId, JsonObject args)
    {
        var at = this.sinceCreates.Elapsed;
        var stopping = Stopwatch.StartNew();
        await this.azurite!.DisposeAsync();
        var stop = stopping.Elapsed;

        var down = Stopwatch.StartNew();
        var get = ProbeAsync(http, apiKey, new HttpRequestMessage(HttpMethod.Get, $"v2/tasks/{taskId}"));
        var create = ProbeAsync(http, apiKey, new HttpRequestMessage(HttpMethod.Post, "v2/tasks/create")
        {
            Content = JsonContent.Create(new JsonObject { ["tool"] = "flux_inpainting", ["args"] = args.DeepClone() }),
        });
        var answers = await Task.WhenAll(get, create);

        string connectionString = this.azurite.ConnectionString;
        this.azurite = await AzuriteEmulator.StartAsync(this.azuriteOptions!);
        Assert.Equal(connectionString, this.azurite.ConnectionString);
        return new Outage(at, stop, down.Elapsed, answers[0], answers[1]);
    }

    static async Task<ProbeAnswer> ProbeAsync(HttpClient http, string apiKey, HttpRequestMessage request)
    {
        using (request)
        {
            request.Headers.Add("X-Api-Key", apiKey);
            var clock = Stopwatch.StartNew();
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return new ProbeAnswer(
                response.StatusCode,
                response.Content.Headers.ContentType?.MediaType,
                response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : null,
                clock.Elapsed,
                body.Length > 200 ? body[..200] : body);
        }
    }

    static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition()) return true;
            await Task.Delay(200);
        }

        return await condition();
    }

    sealed record ProbeAnswer(HttpStatusCode Status, string? ContentType, int? RetryAfter, TimeSpan Took, string Body)
    {
        public override string ToString() => $"{(int)this.Status} {this.ContentType} Retry-After {this.RetryAfter} in {this.Took.TotalSeconds:F1} s: {this.Body}";
    }

    sealed record Outage(TimeSpan At, TimeSpan Stop, TimeSpan Down, ProbeAnswer Get, ProbeAnswer Create)
    {
        public override string ToString() =>
            $"stop {this.Stop.TotalSeconds:F1} s, storage down {this.Down.TotalSeconds:F1} s; GET answered {this.Get}; create answered {this.Create}";
    }

    public async Task DisposeAsync()
    {
        if (this.azurite is not null) await this.azurite.DisposeAsync();
        AzuriteFixture.DeleteDirectory(this.azuriteData);
        AzuriteFixture.DeleteDirectory(this.workDirectory);
    }
}
