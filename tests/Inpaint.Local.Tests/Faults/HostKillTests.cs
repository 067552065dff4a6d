using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Inpaint.Local.Client;
using Inpaint.Local.Keys;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Storage;
using Inpaint.Testing;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using Xunit.Abstractions;

namespace Inpaint.Local.Tests.Faults;

/// <summary>
/// <c>inpaint serve</c> is killed (SIGKILL, no shutdown code runs) while a task is generating, then started
/// again over the same storage account. Durable Task on Azure Storage must take the orchestration up where it
/// was: the partition lease expires, the in-flight activity messages become visible again, and the task
/// completes with every sample, charged once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class HostKillTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    const int CreditsPerSample = 2;
    const int Samples = 2;

    readonly string dataDirectory = AzuriteFixture.NewDataDirectory();
    readonly string hubName = "kill" + Guid.NewGuid().ToString("n")[..10];
    InpaintProcess? serve;

    [Fact]
    public async Task A_host_killed_mid_orchestration_resumes_the_task_after_a_restart()
    {
        var (client, _) = await this.StartServeAsync();
        var (image, mask) = await UploadInputsAsync(client, this.dataDirectory);
        var created = await client.CreateTaskAsync("flux_inpainting", new JsonObject
        {
            ["image"] = image, ["mask_image"] = mask, ["resolution"] = 512, ["n_samples"] = Samples,
        }, default);
        string id = created["_id"]!.GetValue<string>();

        // Kill the moment the orchestration reports the generate step: samples are being generated, and
        // compositing and finalizing are still to come.
        var seen = await WaitForStepAsync(client, id, "generate", TimeSpan.FromSeconds(60));
        await this.serve!.KillAsync();
        output.WriteLine($"killed serve (pid {this.serve.Id}) at status {seen["status"]}, step {seen["progress"]?["step"]}");
        Assert.Equal("running", seen["status"]!.GetValue<string>());

        var clock = Stopwatch.StartNew();
        (client, _) = await this.StartServeAsync();
        var task = await client.WaitForTaskAsync(id, null, TimeSpan.FromSeconds(120), default);
        output.WriteLine($"after the restart the task was {task["status"]} in {clock.Elapsed.TotalSeconds:F1} s");

        var outcome = await TaskOutcome.CheckAsync(task, this.Ledger(), DevelopmentApiKey.User, CreditsPerSample);
        output.WriteLine($"outcome: {outcome}");
        Assert.Equal("completed", outcome.Status);
        Assert.Equal(Samples, outcome.Delivered);
    }

    async Task<(InpaintApiClient Client, Uri BaseAddress)> StartServeAsync()
    {
        if (this.serve is not null)
        {
            await this.serve.DisposeAsync();
        }

        this.serve = InpaintProcess.Start(
            "serve", "--data", this.dataDirectory, "--urls", "http://127.0.0.1:0",
            "--set", $"Storage:ConnectionString={azurite.ConnectionString}",
            "--set", $"DurableTask:HubName={this.hubName}",
            // Short, so the restart finds the killed run's messages in seconds (the default is 30 s).
            "--set", "DurableTask:MessageVisibilityTimeout=00:00:05");
        var baseAddress = new Uri((await this.serve.WaitForLineAsync(ListeningLine(), TimeSpan.FromSeconds(90))).Groups["url"].Value);
        string key = (await this.serve.WaitForLineAsync(ApiKeyLine(), TimeSpan.FromSeconds(30))).Groups["key"].Value;
        return (new InpaintApiClient(new HttpClient { BaseAddress = baseAddress }, key), baseAddress);
    }

    CreditLedger Ledger() => new(new StorageClients(Options.Create(new StorageOptions { ConnectionString = azurite.ConnectionString })));

    /// <summary>Uploads a photo and a mask with a hole large enough that filling it takes a moment.</summary>
    internal static async Task<(string Image, string Mask)> UploadInputsAsync(InpaintApiClient client, string folder)
    {
        Directory.CreateDirectory(folder);
        string photoPath = Path.Combine(folder, "photo.png");
        string maskPath = Path.Combine(folder, "mask.png");
        using (var photo = TestImages.Photo(640, 480))
            await File.WriteAllBytesAsync(photoPath, TestImages.Png(photo));
        using (var mask = TestImages.RectangleMask(640, 480, new Rectangle(220, 160, 200, 160)))
            await File.WriteAllBytesAsync(maskPath, TestImages.Png(mask));
        return (await client.UploadAsync(photoPath, default), await client.UploadAsync(maskPath, default));
    }

    /// <summary>Polls the task until its progress names <paramref name="step"/>; fails if it ends first.</summary>
    internal static async Task<JsonObject> WaitForStepAsync(InpaintApiClient client, string id, string step, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var task = await client.GetTaskAsync(id, default);
            if (task["progress"]?["step"]?.GetValue<string>() == step)
            {
                return task;
            }

            Assert.True(task["status"]!.GetValue<string>() is "pending" or "running", $"task {id} ended before step {step}: {task}");
            Assert.True(clock.Elapsed < timeout, $"task {id} did not reach step {step} within {timeout}: {task}");
            await Task.Delay(20);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (this.serve is not null)
        {
            await this.serve.DisposeAsync();
        }

        AzuriteFixture.DeleteDirectory(this.dataDirectory);
    }

    [GeneratedRegex(@"Inpaint API listening at (?<url>\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"API key \(.*\): (?<key>\S+)")]
    private static partial Regex ApiKeyLine();
}
