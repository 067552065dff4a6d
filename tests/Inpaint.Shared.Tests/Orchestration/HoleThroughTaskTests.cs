using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Tests.Orchestration;

/// <summary>
/// Through a whole task (the real activities and storage): with mask_expand 0 and mask_blur 0 no pixel outside the
/// region changes, and the output does not depend on what the region held — a photo and the same photo with the hole
/// painted grey give the same result, at a working size that is not the source's.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HoleThroughTaskTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Without_a_feather_only_the_region_changes_and_its_old_content_leaves_no_trace()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var hole = new Rectangle(133, 71, 57, 43);
        using var photo = TestImages.Photo(333, 251);
        using var greyHole = photo.Clone();
        for (var y = hole.Top; y < hole.Bottom; y++)
            for (var x = hole.Left; x < hole.Right; x++)
                greyHole[x, y] = new Rgba32(128, 128, 128, 255);
        using var mask = TestImages.RectangleMask(333, 251, hole);
        var maskRef = await host.UploadAsync(TestImages.Png(mask));

        using var fromPhoto = await RunAsync(host, await host.UploadAsync(TestImages.Png(photo)), maskRef);
        using var fromGrey = await RunAsync(host, await host.UploadAsync(TestImages.Png(greyHole)), maskRef);

        Assert.True(TestImages.SamePixels(fromPhoto, fromGrey, out var difference), $"the output depends on the hole's content: {difference}");
        var changedInside = 0;
        for (var y = 0; y < photo.Height; y++)
            for (var x = 0; x < photo.Width; x++)
            {
                if (hole.Contains(x, y))
                    changedInside += fromPhoto[x, y] == photo[x, y] ? 0 : 1;
                else
                    Assert.True(fromPhoto[x, y] == photo[x, y], $"pixel ({x},{y}) outside the region changed: {photo[x, y]} → {fromPhoto[x, y]}");
            }

        Assert.True(changedInside > hole.Width * hole.Height / 2, $"only {changedInside} pixels of the region were replaced");
    }

    private static async Task<Image<Rgba32>> RunAsync(OrchestrationHost host, string image, string mask)
    {
        // resolution 512: the 333×251 source is worked on at a larger size, so every edge is resampled twice.
        var request = new CreateTaskRequest(ToolNames.FluxInpainting, JsonDocument.Parse(
            $$"""{"image":"{{image}}","mask_image":"{{mask}}","mask_blur":0,"mask_expand":0,"resolution":512,"inpainting_prompt":""}""").RootElement.Clone());
        var created = await host.Get<TaskCreator>().CreateAsync(host.User, request, host.Client, CancellationToken.None);
        Assert.Equal(TaskStatuses.Completed, (await host.WaitForFinalAsync(created.Id)).Status);
        var output = await host.Get<BlobStore>().GetAsync(BlobContainers.Tasks, TaskBlobNames.Output(created.Id, 0, OutputFormat.Png));
        return Image.Load<Rgba32>(output.ToArray());
    }
}
