using System.Text.Json.Nodes;
using Inpaint.Local.Client;
using Inpaint.Local.Demo;
using Inpaint.Local.Hosting;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Pricing;
using Inpaint.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Local.Tests.EndToEnd;

/// <summary>
/// A region in two parts far apart (two red squares in opposite corners), over HTTP on the local stack with its own
/// removal fill: the task generates a crop per part and stitches both into every output; it is charged as any task
/// of two samples, each sample keeps its seed, and the result lists both crops with a preview and a mask for each.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RegionInPartsEndToEndTests(AzuriteFixture azurite) : IDisposable
{
    const int Width = 320;
    const int Height = 240;
    static readonly Rectangle[] Parts = [new(16, 14, 24, 20), new(276, 200, 28, 24)];
    static readonly Rgba32 Red = new(255, 0, 0, 255);

    readonly string workDirectory = AzuriteFixture.NewDataDirectory();

    [Fact]
    public async Task Each_part_is_filled_in_its_own_crop_and_nothing_else_changes()
    {
        var options = new LocalStackOptions { DataDirectory = this.workDirectory, MinimumLogLevel = LogLevel.Warning };
        options.Settings["Storage:ConnectionString"] = azurite.ConnectionString;
        options.Settings["DurableTask:HubName"] = "parts" + Math.Abs(this.workDirectory.GetHashCode()).ToString("x");
        await using var stack = await LocalStack.StartAsync(options);
        using var http = new HttpClient { BaseAddress = stack.BaseAddress };
        // A user of its own, so the balance moves only by this task.
        string user = "parts-" + Guid.NewGuid().ToString("n")[..12];
        var ledger = stack.Services.GetRequiredService<CreditLedger>();
        await ledger.GrantAsync(user, 100, "test-grant");
        var client = new InpaintApiClient(http, await stack.Services.GetRequiredService<ApiKeyStore>().CreateAsync(user, "test"));
        var (photoPath, maskPath, original) = this.WriteInputs();
        using (original)
        {
            string image = await client.UploadAsync(photoPath, default);
            string mask = await client.UploadAsync(maskPath, default);
            long before = await ledger.BalanceAsync(user);

            var created = await client.CreateTaskAsync(DemoRun.Tool, new JsonObject
            {
                ["image"] = image,
                ["mask_image"] = mask,
                ["inpainting_prompt"] = "",
                ["resolution"] = 512,
                ["mask_expand"] = 0,
                ["mask_blur"] = 0,
                ["n_samples"] = 2,
                ["seed"] = 11,
            }, default);
            var task = await client.WaitForTaskAsync(created["_id"]!.GetValue<string>(), null, TimeSpan.FromSeconds(120), default);
            Assert.Equal("completed", task["status"]!.GetValue<string>());

            // The price of two samples, charged once, whatever the number of crops.
            int price = stack.Services.GetRequiredService<IOptions<PricingOptions>>().Value.Price(2);
            Assert.Equal(price, task["cost"]!.GetValue<int>());
            Assert.Equal(before - price, await ledger.BalanceAsync(user));

            var result = task["result"]!.AsArray();
            Assert.Equal([11L, 12L], result.Select(s => s!["seed"]!.GetValue<long>()));
            foreach (var sample in result)
            {
                var crops = sample!["crops"]!.AsArray();
                Assert.Equal(Parts.Length, crops.Count);
                Assert.True(JsonNode.DeepEquals(sample["crop"], crops[0]), "crop is the first of crops");
                for (int part = 0; part < Parts.Length; part++)
                {
                    var crop = crops[part]!;
                    var box = new Rectangle(crop["x"]!.GetValue<int>(), crop["y"]!.GetValue<int>(), crop["width"]!.GetValue<int>(), crop["height"]!.GetValue<int>());
                    Assert.True(box.Contains(Parts[part]) && !box.IntersectsWith(Parts[1 - part]), $"crop {part} {box} does not hold only {Parts[part]}");
                    Assert.Equal(512, Math.Max(crop["work_width"]!.GetValue<int>(), crop["work_height"]!.GetValue<int>()));
                }

                Assert.Equal(Parts.Length, sample["intermediate_outputs"]!["inpaint_preview"]!.AsArray().Count);
                Assert.Equal(Parts.Length, sample["intermediate_outputs"]!["inpaint_mask"]!.AsArray().Count);
            }

            // Two outputs, then a preview and a mask per crop of each sample, each in its own file.
            var files = await client.DownloadResultsAsync(task, Path.Combine(this.workDirectory, "out"), default);
            Assert.Equal(2 + (2 * 2 * Parts.Length), files.Distinct().Count());
            foreach (var file in files.Take(2))
            {
                using var output = Image.Load<Rgba32>(file);
                AssertOnlyThePartsChanged(original, output);
            }
        }
    }

    public void Dispose() => AzuriteFixture.DeleteDirectory(this.workDirectory);

    /// <summary>Without a feather nothing outside the parts changes, and no red is left in either part.</summary>
    static void AssertOnlyThePartsChanged(Image<Rgba32> original, Image<Rgba32> output)
    {
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                if (Parts.Any(p => p.Contains(x, y)))
                {
                    Assert.True(output[x, y] != Red, $"pixel ({x},{y}) of a part is still the old red");
                }
                else
                {
                    Assert.True(original[x, y] == output[x, y], $"pixel ({x},{y}) outside the region changed: {original[x, y]} → {output[x, y]}");
                }
            }
        }
    }

    /// <summary>A textured photo with a red square in each part; the mask is white on the squares.</summary>
    (string Photo, string Mask, Image<Rgba32> Original) WriteInputs()
    {
        Directory.CreateDirectory(this.workDirectory);
        var photo = TestImages.Photo(Width, Height);
        foreach (var part in Parts)
        {
            photo.ProcessPixelRows(rows =>
            {
                for (int y = part.Top; y < part.Bottom; y++)
                {
                    rows.GetRowSpan(y).Slice(part.Left, part.Width).Fill(Red);
                }
            });
        }

        string photoPath = Path.Combine(this.workDirectory, "photo.png");
        string maskPath = Path.Combine(this.workDirectory, "mask.png");
        photo.SaveAsPng(photoPath);
        using (var mask = TestImages.WithRects(Width, Height, new Rgba32(0, 0, 0, 255), Parts.Select(p => (p, new Rgba32(255, 255, 255, 255))).ToArray()))
        {
            mask.SaveAsPng(maskPath);
        }

        return (photoPath, maskPath, photo);
    }
}
