using System.Text.Json.Nodes;
using Inpaint.Local.Commands;
using Inpaint.Local.Client;
using Inpaint.Local.Demo;
using Inpaint.Local.Hosting;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Local.Tests.Web;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Local.Tests.Commands;

/// <summary>
/// <c>replace</c>, <c>batch</c>, <c>tasks</c>, <c>task</c> and <c>cancel</c> as a user runs them, against the local
/// stack through <c>--url</c>/<c>--key</c> (and once in-process), checking output, files and exit codes.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClientCommandsTests(AzuriteFixture azurite) : IDisposable
{
    const int Width = 160;
    const int Height = 120;
    static readonly Rectangle Hole = new(64, 40, 32, 32);

    readonly string workDirectory = AzuriteFixture.NewDataDirectory();
    string? key;

    [Fact]
    public async Task Replace_downloads_the_outputs_and_tasks_task_and_cancel_report_on_them()
    {
        await using var stack = await TestStacks.StartAsync(azurite, this.workDirectory);
        var (photo, mask) = this.WriteInputs(this.workDirectory, "photo");
        string outDir = Path.Combine(this.workDirectory, "out");

        var replaced = await Run(stack, "replace", photo, "--mask", mask, "--prompt", "plain wall", "--resolution", "512", "--seed", "7", "--out", outDir);
        Assert.Equal(ExitCodes.Ok, replaced.Exit);
        Assert.Contains("completed", replaced.Output);
        string output = Path.Combine(outDir, "output-0.png");
        Assert.Contains(output, replaced.Output);
        using (var result = Image.Load<Rgba32>(output))
        {
            Assert.Equal(new Size(Width, Height), result.Size());
        }

        // --json: one parseable object with the task and the files.
        var json = await Run(stack, "replace", photo, "--mask", mask, "--resolution", "512", "--out", Path.Combine(this.workDirectory, "out2"), "--json");
        Assert.Equal(ExitCodes.Ok, json.Exit);
        var answer = JsonNode.Parse(json.Output)!;
        Assert.Equal("completed", answer["task"]!["status"]!.GetValue<string>());
        string id = answer["task"]!["_id"]!.GetValue<string>();
        Assert.All(answer["files"]!.AsArray(), f => Assert.True(File.Exists(f!.GetValue<string>())));

        var list = await Run(stack, "tasks", "--json");
        Assert.Equal(ExitCodes.Ok, list.Exit);
        var ids = JsonNode.Parse(list.Output)!["docs"]!.AsArray().Select(t => t!["_id"]!.GetValue<string>()).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Equal(id, ids[0]); // newest first

        var table = await Run(stack, "tasks");
        Assert.StartsWith("TASK", table.Output);
        Assert.Contains(id, table.Output);

        var one = await Run(stack, "task", id);
        Assert.Equal(ExitCodes.Ok, one.Exit);
        Assert.Contains("status      completed", one.Output);
        Assert.Contains("region      mask image", one.Output);

        var missing = await Run(stack, "task", "0123456789abcdef01234567");
        Assert.Equal(ExitCodes.Refused, missing.Exit);
        Assert.Contains("404", missing.Error);

        var final = await Run(stack, "cancel", id);
        Assert.Equal(ExitCodes.Refused, final.Exit);
        Assert.Contains("409", final.Error);

        // A task cancelled before it ran ends cancelled; `task` then exits 3.
        using var http = new HttpClient { BaseAddress = stack.BaseAddress };
        var client = new InpaintApiClient(http, this.key!);
        var created = await client.CreateTaskAsync(DemoRun.Tool, new JsonObject
        {
            ["image"] = await client.UploadAsync(photo, default),
            ["mask_image"] = await client.UploadAsync(mask, default),
            ["n_samples"] = 4,
            ["resolution"] = 1536,
        }, default);
        string running = created["_id"]!.GetValue<string>();
        var cancelled = await Run(stack, "cancel", running);
        Assert.Equal(ExitCodes.Ok, cancelled.Exit);
        Assert.Equal($"Task {running} cancelled.", cancelled.Output.Trim());
        Assert.Equal(ExitCodes.TaskFailed, (await Run(stack, "task", running)).Exit);
    }

    [Fact]
    public async Task Replace_refuses_an_ambiguous_or_missing_region_with_exit_code_2()
    {
        var (photo, mask) = this.WriteInputs(this.workDirectory, "photo");

        var none = await RunRaw("replace", photo, "--url", "http://127.0.0.1:9/", "--key", "k");
        Assert.Equal(ExitCodes.Usage, none.Exit);
        Assert.Contains("exactly one of --region TEXT, --mask FILE, --background or --foreground", none.Error);

        var both = await RunRaw("replace", photo, "--mask", mask, "--region", "hat", "--url", "http://127.0.0.1:9/", "--key", "k");
        Assert.Equal(ExitCodes.Usage, both.Exit);

        var unknownOption = await RunRaw("replace", photo, "--no-such-option");
        Assert.Equal(ExitCodes.Usage, unknownOption.Exit);

        var noKey = await RunRaw("tasks", "--url", "http://127.0.0.1:9/");
        Assert.Equal(ExitCodes.Usage, noKey.Exit);
        Assert.Contains("--url needs an API key", noKey.Error);
    }

    [Fact]
    public async Task Batch_edits_each_image_with_folder_and_own_args_and_summarises()
    {
        await using var stack = await TestStacks.StartAsync(azurite, this.workDirectory);
        string folder = Path.Combine(this.workDirectory, "batch");
        this.WriteInputs(folder, "a");
        this.WriteInputs(folder, "b");
        File.Delete(Path.Combine(folder, "b-mask.png"));
        File.Move(Path.Combine(folder, "a-mask.png"), Path.Combine(folder, "mask.png"));
        this.WriteInputs(folder, "c");
        File.Delete(Path.Combine(folder, "c-mask.png"));
        await File.WriteAllTextAsync(Path.Combine(folder, BatchCommand.FolderArgs), """{ "mask_image": "mask.png", "resolution": 512, "inpainting_prompt": "wall" }""");
        await File.WriteAllTextAsync(Path.Combine(folder, "b.json"), """{ "inpainting_prompt": "brick", "seed": 3 }""");
        await File.WriteAllTextAsync(Path.Combine(folder, "c.json"), """{ "mask_image": null }""");
        string outDir = Path.Combine(this.workDirectory, "batch-out");

        var batch = await Run(stack, "batch", folder, "--out", outDir);

        // c has no region (its own args clear the folder's mask): refused by the API, so the batch exits 3.
        Assert.Equal(ExitCodes.TaskFailed, batch.Exit);
        string[] lines = batch.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int header = Array.FindIndex(lines, l => l.StartsWith("IMAGE", StringComparison.Ordinal));
        Assert.True(header >= 0, batch.Output);
        Assert.StartsWith("a.png", lines[header + 1]);
        Assert.Contains("completed", lines[header + 1]);
        Assert.StartsWith("b.png", lines[header + 2]);
        Assert.Contains("completed", lines[header + 2]);
        Assert.StartsWith("c.png", lines[header + 3]);
        Assert.Contains("refused", lines[header + 3]);
        Assert.Equal(header + 4, Array.FindIndex(lines, l => l.StartsWith("2 of 3 completed", StringComparison.Ordinal)));
        Assert.True(File.Exists(Path.Combine(outDir, "a", "output-0.png")));
        Assert.True(File.Exists(Path.Combine(outDir, "b", "output-0.png")));
        Assert.False(Directory.Exists(Path.Combine(outDir, "mask"))); // the mask was used, not edited

        // The image's own args override the folder's: b's task carries its prompt and seed.
        var tasks = JsonNode.Parse((await Run(stack, "tasks", "--json")).Output)!["docs"]!.AsArray();
        var b = tasks.Single(t => t!["args"]!["inpainting_prompt"]!.GetValue<string>() == "brick")!;
        Assert.Equal(3, b["args"]!["seed"]!.GetValue<long>());
        Assert.Equal(512, b["args"]!["resolution"]!.GetValue<int>());
    }

    [Fact]
    public async Task Tasks_without_url_starts_the_local_stack_in_process()
    {
        string data = Path.Combine(this.workDirectory, "in-process");
        var run = await RunRaw("tasks", "--data", data, "--set", $"Storage:ConnectionString={azurite.ConnectionString}", "--set", $"DurableTask:HubName={TestStacks.HubName(data)}");

        // The development user's tasks on this shared Azurite are other tests' business: a table or "No tasks." both do.
        Assert.Equal(ExitCodes.Ok, run.Exit);
        Assert.True(run.Output.StartsWith("TASK ", StringComparison.Ordinal) || run.Output.Trim() == "No tasks.", run.Output);
        Assert.True(File.Exists(Path.Combine(data, LocalStack.ApiKeyFileName)));
    }

    public void Dispose() => AzuriteFixture.DeleteDirectory(this.workDirectory);

    /// <summary>Runs a command against <paramref name="stack"/> as this test's own user (a new key, with credits).</summary>
    async Task<(int Exit, string Output, string Error)> Run(LocalStack stack, params string[] args)
    {
        this.key ??= await TestStacks.NewUserKeyAsync(stack);
        return await RunRaw([.. args, "--url", stack.BaseAddress.ToString(), "--key", this.key]);
    }

    internal static async Task<(int Exit, string Output, string Error)> RunRaw(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await InpaintCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    (string Photo, string Mask) WriteInputs(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        string photoPath = Path.Combine(directory, $"{name}.png");
        string maskPath = Path.Combine(directory, $"{name}-mask.png");
        using (var photo = TestImages.Photo(Width, Height))
        {
            photo.SaveAsPng(photoPath);
        }

        using (var mask = TestImages.RectangleMask(Width, Height, Hole))
        {
            mask.SaveAsPng(maskPath);
        }

        return (photoPath, maskPath);
    }
}
