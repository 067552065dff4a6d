using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Pricing;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Inpaint.Testing;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Tests.Orchestration;

/// <summary>
/// Through a whole task (the real activities, storage and ledger): a region in two parts far apart (two small
/// squares in opposite corners) is generated in a crop per part, each at the full working size, and both are
/// stitched into each output. Each sample's seed fills both parts; the price is the price of n samples.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RegionInPartsThroughTaskTests(AzuriteFixture azurite)
{
    private static readonly Rectangle TopLeft = new(30, 24, 40, 32);
    private static readonly Rectangle BottomRight = new(560, 420, 44, 36);

    [Fact]
    public async Task Two_parts_far_apart_are_each_generated_in_their_own_crop_and_stitched_into_every_output()
    {
        var engine = new RecordingFill();
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString, engine);
        using var photo = TestImages.Photo(640, 480);
        using var maskImage = TestImages.WithRects(640, 480, new Rgba32(0, 0, 0, 255),
            (TopLeft, new Rgba32(255, 255, 255, 255)), (BottomRight, new Rgba32(255, 255, 255, 255)));
        var image = await host.UploadAsync(TestImages.Png(photo));
        var mask = await host.UploadAsync(TestImages.Png(maskImage));

        var request = new CreateTaskRequest(ToolNames.FluxInpainting, JsonDocument.Parse(
            $$"""{"image":"{{image}}","mask_image":"{{mask}}","mask_blur":0,"mask_expand":0,"resolution":512,"n_samples":2,"seed":7,"inpainting_prompt":""}""").RootElement.Clone());
        var created = await host.Get<TaskCreator>().CreateAsync(host.User, request, host.Client, CancellationToken.None);
        Assert.Equal(TaskStatuses.Completed, (await host.WaitForFinalAsync(created.Id)).Status);

        // Charged once for two samples, as a task with one crop is.
        var price = host.Get<IOptions<PricingOptions>>().Value.Price(2);
        Assert.Equal(price, created.Cost);
        Assert.Equal(OrchestrationHost.StartingCredits - price, await host.Get<CreditLedger>().BalanceAsync(host.User));

        // Each sample's seed generated both crops, each at the full working size (long side 512).
        Assert.Equal([(7L, 0), (7L, 1), (8L, 0), (8L, 1)], engine.Calls.Select(c => (c.Seed, c.Part)).Order());
        Assert.All(engine.Calls, c => Assert.Equal(512, Math.Max(c.Width, c.Height)));

        var document = JsonNode.Parse(JsonSerializer.Serialize(await host.Get<TaskQueries>().GetAsync(host.User, created.Id, CancellationToken.None)))!;
        var result = document["result"]!.AsArray();
        Assert.Equal(2, result.Count);
        foreach (var sample in result)
        {
            var crops = sample!["crops"]!.AsArray();
            Assert.Equal(2, crops.Count);
            Assert.True(JsonNode.DeepEquals(sample["crop"], crops[0]), "crop is the first of crops");
            Assert.True(Holds(crops[0]!, TopLeft) && !Holds(crops[0]!, BottomRight), $"crop 0 {crops[0]} holds the top-left part only");
            Assert.True(Holds(crops[1]!, BottomRight) && !Holds(crops[1]!, TopLeft), $"crop 1 {crops[1]} holds the bottom-right part only");
            foreach (var crop in crops)
                Assert.Equal(512, Math.Max(crop!["work_width"]!.GetValue<int>(), crop["work_height"]!.GetValue<int>()));

            // A preview and a mask per crop, at that crop's working size.
            var intermediates = sample["intermediate_outputs"]!;
            foreach (var name in new[] { "inpaint_preview", "inpaint_mask" })
            {
                var files = intermediates[name]!.AsArray();
                Assert.Equal(2, files.Count);
                for (var part = 0; part < 2; part++)
                    Assert.Equal(crops[part]!["work_width"]!.GetValue<int>(), files[part]!["mediaAttributes"]!["width"]!.GetValue<int>());
            }
        }

        Assert.Equal([7L, 8L], result.Select(s => s!["seed"]!.GetValue<long>()));
        for (var index = 0; index < 2; index++)
        {
            var bytes = await host.Get<BlobStore>().GetAsync(BlobContainers.Tasks, TaskBlobNames.Output(created.Id, index, OutputFormat.Png));
            using var output = Image.Load<Rgba32>(bytes.ToArray());
            AssertOnlyTheRegionChanged(photo, output);
        }
    }

    private static bool Holds(JsonNode crop, Rectangle part)
    {
        var (x, y) = (crop["x"]!.GetValue<int>(), crop["y"]!.GetValue<int>());
        var (w, h) = (crop["width"]!.GetValue<int>(), crop["height"]!.GetValue<int>());
        return x <= part.Left && y <= part.Top && x + w >= part.Right && y + h >= part.Bottom;
    }

    /// <summary>Without a feather nothing outside the two squares changes, and each square is filled anew.</summary>
    private static void AssertOnlyTheRegionChanged(Image<Rgba32> photo, Image<Rgba32> output)
    {
        var changed = new Dictionary<Rectangle, int> { [TopLeft] = 0, [BottomRight] = 0 };
        for (var y = 0; y < photo.Height; y++)
            for (var x = 0; x < photo.Width; x++)
            {
                var part = TopLeft.Contains(x, y) ? TopLeft : BottomRight.Contains(x, y) ? BottomRight : (Rectangle?)null;
                if (part is { } inside)
                    changed[inside] += output[x, y] == photo[x, y] ? 0 : 1;
                else
                    Assert.True(output[x, y] == photo[x, y], $"pixel ({x},{y}) outside the region changed: {photo[x, y]} → {output[x, y]}");
            }

        foreach (var (part, count) in changed)
            Assert.True(count > part.Width * part.Height / 2, $"only {count} pixels of {part} were replaced");
    }

    /// <summary>The harmonic fill, recording each call's seed, which crop it was and its working size.</summary>
    private sealed class RecordingFill : IGenerationEngine
    {
        private readonly Inference.Generation.HarmonicFill _inner = new();

        public ConcurrentBag<(long Seed, int Part, int Width, int Height)> Calls { get; } = [];

        public string Name => _inner.Name;

        public string Model => _inner.Model;

        public Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
        {
            // The photo's red rises left to right: the crop's corner (context, never hidden) says which part it is.
            Calls.Add((request.Seed, request.Crop[0, 0].R < 100 ? 0 : 1, request.Crop.Width, request.Crop.Height));
            return _inner.GenerateAsync(request, progress, cancellationToken);
        }
    }
}
