using System.Diagnostics;
using System.Text.Json.Nodes;
using Inpaint.Local.Client;
using Inpaint.Local.Demo;
using Inpaint.Local.Hosting;
using Inpaint.Local.Storage.Emulator;
using Inpaint.Local.Tests.Orchestration;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Testing;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace Inpaint.Local.Tests.EndToEnd;

/// <summary>
/// The product on the local stack, driven over HTTP like any client: upload → create → poll → download,
/// through the real orchestration on Azure Storage (Azurite) and the local fill engine.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LocalStackEndToEndTests(AzuriteFixture azurite, ITestOutputHelper output) : IDisposable
{
    const int Width = 192;
    const int Height = 128;
    const int Resolution = 512;
    const int MaskExpand = 12;
    const int MaskBlur = 24;
    static readonly Rectangle Hole = new(80, 48, 32, 32);
    static readonly TimeSpan TaskTimeout = TimeSpan.FromSeconds(90);

    readonly string workDirectory = AzuriteFixture.NewDataDirectory();

    /// <summary>
    /// How far from the mask the feathered alpha can reach, in source pixels, whatever the crop: the
    /// reference's reach in working pixels (expand, 3σ of the blur, the composite's extra 12 px, rounding)
    /// times the largest possible scale (the crop's long side is at most the image's).
    /// </summary>
    static int FeatherMargin => (int)Math.Ceiling((MaskExpand + 12 + 3 * MaskBlur + 8) * (double)Math.Max(Width, Height) / Resolution) + 2;

    [Fact]
    public async Task A_task_completes_and_only_the_feathered_region_changes()
    {
        var options = this.StackOptions();
        options.Settings["Storage:ConnectionString"] = azurite.ConnectionString;
        await using var stack = await LocalStack.StartAsync(options);
        var (client, http) = Client(stack);
        using (http)
        {
            var (photoPath, maskPath, original) = this.WriteInputs();
            var clock = Stopwatch.StartNew();
            var created = await client.CreateTaskAsync(DemoRun.Tool, new JsonObject
            {
                ["image"] = await client.UploadAsync(photoPath, default),
                ["mask_image"] = await client.UploadAsync(maskPath, default),
                ["inpainting_prompt"] = "plain wall",
                ["resolution"] = Resolution,
                ["mask_expand"] = MaskExpand,
                ["mask_blur"] = MaskBlur,
            }, default);
            Assert.Equal("pending", created["status"]!.GetValue<string>());

            var seen = new StatusLog();
            var task = await client.WaitForTaskAsync(created["_id"]!.GetValue<string>(), seen, TaskTimeout, default);
            output.WriteLine($"create → completed over HTTP in {clock.Elapsed.TotalMilliseconds:F0} ms; statuses seen: {string.Join(", ", seen.Statuses.Distinct())}");
            Assert.Equal("completed", task["status"]!.GetValue<string>());
            Assert.Null(task["error"]?.GetValue<string>());

            var files = await client.DownloadResultsAsync(task, Path.Combine(this.workDirectory, "out"), default);
            using var result = Image.Load<Rgba32>(files[0]);
            Assert.Equal(original.Size(), result.Size());
            AssertOnlyFeatheredRegionChanged(original, result);
            original.Dispose();
        }
    }

    [Fact]
    public async Task A_restarted_stack_keeps_the_task_and_the_development_key()
    {
        string id;
        string key;
        AzuriteEmulator embedded;
        await using (var first = await LocalStack.StartAsync(this.StackOptions()))
        {
            Assert.NotNull(first.Azurite);
            embedded = first.Azurite;
            key = first.ApiKey!;

            // Two Azurites over one folder would corrupt it: a second stack over the same data is refused.
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalStack.StartAsync(this.StackOptions()));
            Assert.Contains("Another inpaint serve or demo", refused.Message);

            var (client, http) = Client(first);
            using (http)
            {
                var (photoPath, maskPath, original) = this.WriteInputs();
                original.Dispose();
                var created = await client.CreateTaskAsync(DemoRun.Tool, new JsonObject
                {
                    ["image"] = await client.UploadAsync(photoPath, default),
                    ["mask_image"] = await client.UploadAsync(maskPath, default),
                    ["inpainting_prompt"] = "plain wall",
                    ["resolution"] = Resolution,
                }, default);
                id = created["_id"]!.GetValue<string>();
                Assert.Equal("completed", (await client.WaitForTaskAsync(id, null, TaskTimeout, default))["status"]!.GetValue<string>());
            }
        }

        Assert.True(embedded.HasExited);
        Assert.Equal(key, (await File.ReadAllTextAsync(Path.Combine(this.workDirectory, LocalStack.ApiKeyFileName))).Trim());

        await using var second = await LocalStack.StartAsync(this.StackOptions());
        Assert.Equal(key, second.ApiKey);
        var (again, againHttp) = Client(second);
        using (againHttp)
        {
            // The task row (table) and its output (blob) both outlived the restart of Azurite.
            var kept = await again.GetTaskAsync(id, default);
            Assert.Equal("completed", kept["status"]!.GetValue<string>());
            var files = await again.DownloadResultsAsync(kept, Path.Combine(this.workDirectory, "after-restart"), default);
            using var output = Image.Load<Rgba32>(files[0]);
            Assert.Equal(new Size(Width, Height), output.Size());
        }
    }

    public void Dispose() => AzuriteFixture.DeleteDirectory(this.workDirectory);

    /// <summary>Records statuses as they are reported (synchronously, unlike <see cref="Progress{T}"/>).</summary>
    sealed class StatusLog : IProgress<TaskProgress>
    {
        public List<string> Statuses { get; } = [];

        public void Report(TaskProgress value) => this.Statuses.Add(value.Status);
    }

    LocalStackOptions StackOptions()
    {
        var options = new LocalStackOptions { DataDirectory = this.workDirectory, MinimumLogLevel = LogLevel.Warning };
        options.Settings["DurableTask:HubName"] = "e2e" + Math.Abs(this.workDirectory.GetHashCode()).ToString("x");
        return options;
    }

    static (InpaintApiClient Client, HttpClient Http) Client(LocalStack stack)
    {
        var http = new HttpClient { BaseAddress = stack.BaseAddress };
        return (new InpaintApiClient(http, stack.ApiKey!), http);
    }

    /// <summary>A textured photo with a red square where the mask is white; the fill must replace the red.</summary>
    (string Photo, string Mask, Image<Rgba32> Original) WriteInputs()
    {
        Directory.CreateDirectory(this.workDirectory);
        var photo = TestImages.Photo(Width, Height);
        photo.ProcessPixelRows(rows =>
        {
            for (int y = Hole.Top; y < Hole.Bottom; y++)
            {
                rows.GetRowSpan(y).Slice(Hole.Left, Hole.Width).Fill(new Rgba32(255, 0, 0, 255));
            }
        });
        string photoPath = Path.Combine(this.workDirectory, "photo.png");
        string maskPath = Path.Combine(this.workDirectory, "mask.png");
        photo.SaveAsPng(photoPath);
        using (var mask = TestImages.RectangleMask(Width, Height, Hole))
        {
            mask.SaveAsPng(maskPath);
        }

        return (photoPath, maskPath, photo);
    }

    static void AssertOnlyFeatheredRegionChanged(Image<Rgba32> original, Image<Rgba32> result)
    {
        var reach = Rectangle.Inflate(Hole, FeatherMargin, FeatherMargin);
        int outside = 0, insideChanged = 0, inside = 0;
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                if (!reach.Contains(x, y))
                {
                    // Where the feathered alpha is 0 the output is the original, bit for bit.
                    Assert.True(original[x, y] == result[x, y], $"pixel ({x},{y}) outside the feather changed: {original[x, y]} → {result[x, y]}");
                    outside++;
                }
                else if (Hole.Contains(x, y))
                {
                    inside++;
                    if (original[x, y] != result[x, y])
                    {
                        insideChanged++;
                    }
                }
            }
        }

        Assert.True(outside > Width * Height / 4, $"only {outside} pixels lie outside the feather margin of {FeatherMargin} px; the test image is too small");
        Assert.Equal(inside, insideChanged);

        // The red square is gone: its centre is now much less red than pure red.
        var centre = result[Hole.Left + (Hole.Width / 2), Hole.Top + (Hole.Height / 2)];
        Assert.True(centre.R - centre.G < 128, $"the centre of the hole is still red: {centre}");
    }
}
