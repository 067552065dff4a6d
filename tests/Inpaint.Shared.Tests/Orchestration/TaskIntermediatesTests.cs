using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Orchestration.Activities;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Inpaint.Shared.Tests.Orchestration;

/// <summary>
/// The task's intermediates cost nothing on the hot path and lose nothing: the source is the caller's bytes,
/// binary masks are 8-bit, the feathered alpha keeps 16 bits, and the output is exactly the composite of the
/// decoded upload, the stored sample and the stored alpha.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TaskIntermediatesTests(AzuriteFixture azurite)
{
    private static CreateTaskRequest Request(string image, string mask) => new(
        ToolNames.FluxInpainting,
        JsonDocument.Parse($$"""{"image":"{{image}}","mask_image":"{{mask}}","mask_blur":4,"mask_expand":2,"resolution":512}""").RootElement.Clone());

    [Fact]
    public async Task An_upright_upload_is_kept_as_its_bytes_and_the_output_is_the_exact_composite_of_its_pixels()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        using var photo = TestImages.Photo(320, 240);
        using var maskImage = TestImages.RectangleMask(320, 240, new Rectangle(100, 80, 60, 50));
        var upload = TestImages.Png(photo);
        var created = await host.Get<TaskCreator>().CreateAsync(
            host.User, Request(await host.UploadAsync(upload), await host.UploadAsync(TestImages.Png(maskImage))), host.Client, CancellationToken.None);
        Assert.Equal(TaskStatuses.Completed, (await host.WaitForFinalAsync(created.Id)).Status);

        var blobs = host.Get<BlobStore>();
        async Task<byte[]> Read(string name) => (await blobs.GetAsync(BlobContainers.Tasks, name)).ToArray();
        Assert.Equal(upload, await Read(TaskBlobNames.Source(created.Id)));
        Assert.Equal(8, Image.Identify(await Read(TaskBlobNames.RawMask(created.Id))).PixelType.BitsPerPixel);
        Assert.Equal(8, Image.Identify(await Read(TaskBlobNames.Mask(created.Id))).PixelType.BitsPerPixel);
        var alphaPng = await Read(TaskBlobNames.Alpha(created.Id));
        Assert.Equal(16, Image.Identify(alphaPng).PixelType.BitsPerPixel);

        // The composite the task should have made, from the upload's own pixels, the stored sample and alpha, and the region.
        var raw = MaskCodec.DecodePng(await Read(TaskBlobNames.RawMask(created.Id)));
        var box = CropPlanner.PlanTask(raw, 512, 2, 4);
        using var sample = Image.Load<Rgba32>(await Read(TaskBlobNames.Sample(created.Id, 0)));
        using var expected = photo.Clone();
        Compositor.StitchInPlace(expected, sample, MaskCodec.DecodePng(alphaPng), box, raw, feathered: true);
        using var output = Image.Load<Rgba32>(await Read(TaskBlobNames.Output(created.Id, 0, OutputFormat.Png)));
        Assert.True(TestImages.SamePixels(expected, output, out var difference), difference);

        // The result says where the crop was and at what size it was generated, so the working image can be reproduced.
        var document = await host.Get<TaskQueries>().GetAsync(host.User, created.Id, CancellationToken.None);
        Assert.Equal(CropArea.Of(box), Assert.Single(document.Result!).Crop);
    }

    [Fact]
    public async Task An_upload_with_an_exif_rotation_is_turned_upright_once_and_the_output_is_upright()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        using var upright = TestImages.Photo(320, 240);
        // Stored turned a quarter anticlockwise, with EXIF orientation 6 (display rotated 90° clockwise).
        using var stored = upright.Clone(x => x.Rotate(RotateMode.Rotate270));
        stored.Metadata.ExifProfile = new ExifProfile();
        stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        using var upload = new MemoryStream();
        stored.Save(upload, new PngEncoder());
        using var maskImage = TestImages.RectangleMask(320, 240, new Rectangle(100, 80, 60, 50));

        var created = await host.Get<TaskCreator>().CreateAsync(
            host.User, Request(await host.UploadAsync(upload.ToArray()), await host.UploadAsync(TestImages.Png(maskImage))), host.Client, CancellationToken.None);
        Assert.Equal(TaskStatuses.Completed, (await host.WaitForFinalAsync(created.Id)).Status);

        var source = (await host.Get<BlobStore>().GetAsync(BlobContainers.Tasks, TaskBlobNames.Source(created.Id))).ToArray();
        var header = ImageDecoder.Identify(source, "image", ImageLimits.Default);
        Assert.Equal((ImageHeader.Upright, 320, 240), (header.Orientation, header.Width, header.Height));
        using var decoded = Image.Load<Rgba32>(source);
        Assert.True(TestImages.SamePixels(upright, decoded, out var difference), difference);
        var task = await host.Get<TaskQueries>().GetAsync(host.User, created.Id, CancellationToken.None);
        Assert.Equal(new MediaAttributes(320, 240, "image/png"), Assert.Single(task.Result!).Output.Single().MediaAttributes);
    }
}
