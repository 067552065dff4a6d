using System.Diagnostics;
using System.Text.Json.Nodes;
using Inpaint.Local.Client;
using Inpaint.Local.Demo;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Testing;
using SixLabors.ImageSharp;

namespace Inpaint.Local.Tests.Web;

/// <summary>The task's <c>progress</c> field: the orchestration's step while it runs, gone once the task is final.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TaskProgressTests(AzuriteFixture azurite) : IDisposable
{
    static readonly string[] Steps = ["prepare", "select-region", "refine-mask", "generate"];

    readonly string workDirectory = AzuriteFixture.NewDataDirectory();

    [Fact]
    public async Task A_running_task_reports_its_step_and_a_final_one_does_not()
    {
        await using var stack = await TestStacks.StartAsync(azurite, this.workDirectory);
        using var http = new HttpClient { BaseAddress = stack.BaseAddress };
        var client = new InpaintApiClient(http, await TestStacks.NewUserKeyAsync(stack));
        Directory.CreateDirectory(this.workDirectory);
        string photo = Path.Combine(this.workDirectory, "photo.png");
        string mask = Path.Combine(this.workDirectory, "mask.png");
        using (var image = TestImages.Photo(320, 240))
        {
            image.SaveAsPng(photo);
        }

        using (var region = TestImages.RectangleMask(320, 240, new Rectangle(120, 80, 80, 60)))
        {
            region.SaveAsPng(mask);
        }

        // Four samples at the largest working size keep the task running long enough to be observed.
        var created = await client.CreateTaskAsync(DemoRun.Tool, new JsonObject
        {
            ["image"] = await client.UploadAsync(photo, default),
            ["mask_image"] = await client.UploadAsync(mask, default),
            ["n_samples"] = 4,
            ["resolution"] = 1536,
        }, default);
        string id = created["_id"]!.GetValue<string>();

        JsonObject? seen = null;
        var clock = Stopwatch.StartNew();
        while (seen is null && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var task = await client.GetTaskAsync(id, default);
            if (task["progress"] is JsonObject progress)
            {
                seen = progress;
            }
            else if (task["status"]!.GetValue<string>() is "completed" or "failed" or "cancelled")
            {
                break;
            }
            else
            {
                await Task.Delay(20);
            }
        }

        Assert.NotNull(seen);
        Assert.Contains(seen["step"]!.GetValue<string>(), Steps);
        Assert.Equal(4, seen["samples"]!.GetValue<int>());
        Assert.InRange(seen["samplesDone"]!.GetValue<int>(), 0, 4);

        var cancelled = await client.CancelTaskAsync(id, default);
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        Assert.Null((await client.GetTaskAsync(id, default))["progress"]);
    }

    public void Dispose() => AzuriteFixture.DeleteDirectory(this.workDirectory);
}
