using System.Net;
using System.Text.Json;
using Inpaint.Inference.Generation;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Inputs;
using Inpaint.Shared.Drop;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Tests.Webhooks;
using Inpaint.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Tests.Drop;

/// <summary>Blob-drop batches over Azurite and the in-process Durable host: files in, outputs and result.json out, once.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobDropTests(AzuriteFixture azurite)
{
    private const int Width = 120;
    private const int Height = 90;
    private static readonly Rectangle Hole = new(40, 30, 30, 20);

    /// <summary>A host whose user owns a fresh batch (the user is made by the host, so the owner is set once it runs).</summary>
    private async Task<(OrchestrationHost Host, DropFolder Folder)> StartAsync()
    {
        var folder = new DropFolder(azurite.ConnectionString, DropFolder.NewBatch());
        var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        SetOwners(host, $"{folder.Batch}={host.User}");
        return (host, folder);
    }

    private static void SetOwners(OrchestrationHost host, string owners) =>
        host.Get<Microsoft.Extensions.Options.IOptions<DropOptions>>().Value.Owners = owners;

    private static byte[] Photo()
    {
        using var photo = TestImages.Photo(Width, Height);
        return TestImages.Png(photo);
    }

    private static Task<DropOutcome> Process(OrchestrationHost host, string blob) =>
        host.Get<DropProcessor>().ProcessAsync(blob, host.Client, default);

    private static Task<long> Balance(OrchestrationHost host, string? user = null) => host.Get<CreditLedger>().BalanceAsync(user ?? host.User);

    [Fact]
    public async Task A_dropped_image_with_its_own_args_becomes_one_task_with_outputs_and_result_json()
    {
        var (host, folder) = await StartAsync();
        await using var _ = host;
        await folder.PutJsonAsync("photo.json", DropFolder.MaskArgs(Width, Height, Hole, ""","n_samples":2"""));
        var blob = await folder.PutAsync("photo.png", Photo());

        var outcome = await Process(host, blob);
        Assert.Equal(DropOutcomeKind.Created, outcome.Kind);
        var pending = await folder.ReadResultAsync("photo");
        Assert.NotNull(pending);
        Assert.Equal(outcome.TaskId, pending.TaskId);

        var result = await folder.WaitForFinalResultAsync("photo");
        Assert.Equal(TaskStatuses.Completed, result.Status);
        Assert.Equal(outcome.TaskId, result.TaskId);
        Assert.Null(result.Error);
        Assert.Equal(4, result.Cost);
        Assert.Equal(blob, result.Source);
        Assert.Equal((await folder.Blob("photo.png").GetPropertiesAsync()).Value.ETag.ToString(), result.ETag);
        Assert.Equal(["output-0.png", "output-1.png"], result.Outputs);
        foreach (var file in result.Outputs)
        {
            using var output = Image.Load<Rgba32>((await folder.Result("photo", file).DownloadContentAsync()).Value.Content.ToArray());
            Assert.Equal(new Size(Width, Height), output.Size());
        }

        var task = await host.Get<TaskQueries>().GetAsync(host.User, outcome.TaskId!, default);
        Assert.Equal(2, task.Args.NSamples);
        Assert.Equal("moss", task.Args.InpaintingPrompt);
        Assert.Equal(OrchestrationHost.StartingCredits - 4, await Balance(host));
    }

    [Fact]
    public async Task Batch_args_apply_to_images_without_their_own_and_per_image_args_win()
    {
        var (host, folder) = await StartAsync();
        await using var _ = host;
        await folder.PutJsonAsync("args.json", DropFolder.MaskArgs(Width, Height, Hole, ""","n_samples":1"""));
        await folder.PutJsonAsync("b.json", DropFolder.MaskArgs(Width, Height, Hole, ""","n_samples":2,"output_format":"webp" """));
        using var photo = TestImages.Photo(Width, Height);
        using var jpeg = new MemoryStream();
        photo.Save(jpeg, new JpegEncoder());
        var a = await folder.PutAsync("a.jpg", jpeg.ToArray());
        var b = await folder.PutAsync("b.png", Photo());

        var taskA = (await Process(host, a)).TaskId!;
        var taskB = (await Process(host, b)).TaskId!;
        var resultA = await folder.WaitForFinalResultAsync("a");
        var resultB = await folder.WaitForFinalResultAsync("b");

        Assert.Equal(["output-0.png"], resultA.Outputs);
        Assert.Equal(["output-0.webp", "output-1.webp"], resultB.Outputs);
        Assert.Equal(1, (await host.Get<TaskQueries>().GetAsync(host.User, taskA, default)).Args.NSamples);
        Assert.Equal(2, (await host.Get<TaskQueries>().GetAsync(host.User, taskB, default)).Args.NSamples);
        Assert.Equal(OrchestrationHost.StartingCredits - 2 - 4, await Balance(host));
    }

    [Fact]
    public async Task Bad_files_get_a_result_json_with_the_error_and_no_task_and_are_not_retried()
    {
        var (host, folder) = await StartAsync();
        await using var _ = host;
        await folder.PutJsonAsync("args.json", DropFolder.MaskArgs(Width, Height, Hole));
        await folder.PutJsonAsync("badargs.json", """{"mask_image": """);
        await folder.PutJsonAsync("range.json", DropFolder.MaskArgs(Width, Height, Hole, ""","resolution":9000"""));
        var cases = new Dictionary<string, (string Blob, string Error)>
        {
            ["notes"] = (await folder.PutAsync("notes.txt", "hello"u8.ToArray()), "not an image"),
            ["broken"] = (await folder.PutAsync("broken.png", "not a png at all"u8.ToArray()), "Send a PNG, JPEG or WebP image"),
            ["badargs"] = (await folder.PutAsync("badargs.png", Photo()), "badargs.json is not valid JSON"),
            ["range"] = (await folder.PutAsync("range.png", Photo()), "between 512 and 1536"),
        };

        foreach (var (name, (blob, error)) in cases)
        {
            var outcome = await Process(host, blob);
            Assert.Equal(DropOutcomeKind.Refused, outcome.Kind);
            var result = await folder.ReadResultAsync(name);
            Assert.NotNull(result);
            Assert.Equal(TaskStatuses.Failed, result.Status);
            Assert.Null(result.TaskId);
            Assert.Equal(0, result.Cost);
            Assert.Contains(error, result.Error);

            // The trigger firing again changes nothing: the result names this version of the blob.
            Assert.Equal(DropOutcomeKind.AlreadyProcessed, (await Process(host, blob)).Kind);
        }

        Assert.Empty((await host.Get<TaskQueries>().ListAsync(host.User, null, null, null, default)).Docs);
        Assert.Equal(OrchestrationHost.StartingCredits, await Balance(host));
        Assert.Equal(DropOutcomeKind.Ignored, (await Process(host, $"{folder.Batch}/args.json")).Kind);
        Assert.Null(await folder.ReadResultAsync("args"));
    }

    [Fact]
    public async Task An_unknown_batch_owner_and_a_short_balance_are_refused_in_result_json()
    {
        var (host, folder) = await StartAsync();
        await using var _ = host;
        var poor = "poor-" + host.User;
        var poorFolder = new DropFolder(azurite.ConnectionString, folder.Batch + "-poor");
        var strangers = new DropFolder(azurite.ConnectionString, "stranger-" + folder.Batch);
        SetOwners(host, $"{folder.Batch}={host.User};{poorFolder.Batch}={poor}");
        await host.Get<CreditLedger>().GrantAsync(poor, 1, "small");

        await strangers.PutJsonAsync("args.json", DropFolder.MaskArgs(Width, Height, Hole));
        Assert.Equal(DropOutcomeKind.Refused, (await Process(host, await strangers.PutAsync("x.png", Photo()))).Kind);
        Assert.Contains("no owner is configured", (await strangers.ReadResultAsync("x"))!.Error);

        await poorFolder.PutJsonAsync("args.json", DropFolder.MaskArgs(Width, Height, Hole));
        Assert.Equal(DropOutcomeKind.Refused, (await Process(host, await poorFolder.PutAsync("y.png", Photo()))).Kind);
        var refused = (await poorFolder.ReadResultAsync("y"))!;
        Assert.Contains("costs 2 credits and the balance is 1", refused.Error);
        Assert.Null(refused.TaskId);
        Assert.Equal(1, await Balance(host, poor));
        Assert.Empty((await host.Get<TaskQueries>().ListAsync(poor, null, null, null, default)).Docs);
    }

    [Fact]
    public async Task A_refired_trigger_makes_one_task_and_one_charge_even_concurrently_and_without_result_json()
    {
        var (host, folder) = await StartAsync();
        await using var _ = host;
        await folder.PutJsonAsync("args.json", DropFolder.MaskArgs(Width, Height, Hole));
        var blob = await folder.PutAsync("again.png", Photo());

        var burst = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Process(host, blob)));
        var ids = burst.Where(o => o.TaskId is not null).Select(o => o.TaskId).Distinct().ToArray();
        Assert.Single(ids);
        Assert.All(burst, o => Assert.Contains(o.Kind, new[] { DropOutcomeKind.Created, DropOutcomeKind.AlreadyProcessed, DropOutcomeKind.Duplicate }));

        var first = await folder.WaitForFinalResultAsync("again");
        Assert.Equal(ids[0], first.TaskId);
        Assert.Equal(DropOutcomeKind.AlreadyProcessed, (await Process(host, blob)).Kind);

        // Even with its result.json gone, the same blob version finds its task through the Idempotency-Key.
        await folder.Result("again", "result.json").DeleteAsync();
        var refired = await Process(host, blob);
        Assert.Equal(ids[0], refired.TaskId);
        var rewritten = await folder.ReadResultAsync("again");
        Assert.Equal(TaskStatuses.Completed, rewritten!.Status);
        Assert.Equal(["output-0.png"], rewritten.Outputs);

        Assert.Single((await host.Get<TaskQueries>().ListAsync(host.User, null, null, null, default)).Docs);
        Assert.Equal(OrchestrationHost.StartingCredits - 2, await Balance(host));
        Assert.Single(await host.Get<CreditLedger>().MovementsAsync(host.User, ids[0]));

        // A new version of the file (new ETag) is new work.
        await folder.PutAsync("again.png", Photo());
        var second = await Process(host, blob);
        Assert.Equal(DropOutcomeKind.Created, second.Kind);
        Assert.NotEqual(ids[0], second.TaskId);
        await host.WaitForFinalAsync(second.TaskId!);
    }

    [Fact]
    public async Task Cancelling_a_dropped_task_writes_a_cancelled_result_json_and_sends_the_webhook()
    {
        var gate = new GatedEngine();
        await using var receiver = await WebhookReceiver.StartAsync();
        var folder = new DropFolder(azurite.ConnectionString, DropFolder.NewBatch());
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString, gate, new Dictionary<string, string?>
        {
            ["Webhooks:Secret"] = "cancel-secret",
            ["Fetch:AllowHttp"] = "true",
        }, services => services.AddSingleton(s => new UrlFetcher(
            s.GetRequiredService<IOptions<FetchOptions>>().Value, (name, ct) => Dns.GetHostAddressesAsync(name, ct), IPAddress.IsLoopback)));
        SetOwners(host, $"{folder.Batch}={host.User}");
        await folder.PutJsonAsync("args.json", DropFolder.MaskArgs(Width, Height, Hole, $$""","n_samples":2,"webhook_url":"{{receiver.Url}}" """));

        var outcome = await Process(host, await folder.PutAsync("stop.png", Photo()));
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await host.Get<TaskCanceller>().CancelAsync(host.User, outcome.TaskId!, host.Client, default);
        gate.Release();

        var result = await folder.WaitForFinalResultAsync("stop");
        Assert.Equal(TaskStatuses.Cancelled, result.Status);
        Assert.Equal(outcome.TaskId, result.TaskId);
        Assert.Equal(0, result.Cost);
        Assert.Empty(result.Outputs);
        var delivery = (await receiver.WaitForAsync(1))[0];
        var task = JsonDocument.Parse(delivery.Body).RootElement.GetProperty("task");
        Assert.Equal(outcome.TaskId, task.GetProperty("_id").GetString());
        Assert.Equal("cancelled", task.GetProperty("status").GetString());
        Assert.Equal(OrchestrationHost.StartingCredits, await Balance(host));
    }
}
