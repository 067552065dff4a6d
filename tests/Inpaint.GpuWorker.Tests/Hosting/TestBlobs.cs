using Azure.Storage.Blobs;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Worker;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.GpuWorker.Tests.Hosting;

/// <summary>A fresh container per test, with helpers to put images and masks and read results.</summary>
public sealed class TestBlobs(string connectionString)
{
    public BlobContainerClient Container { get; } = new(connectionString, "t" + Guid.NewGuid().ToString("n")[..16]);

    public static async Task<TestBlobs> CreateAsync(string connectionString)
    {
        var blobs = new TestBlobs(connectionString);
        await blobs.Container.CreateAsync();
        return blobs;
    }

    public BlobReference Ref(string name) => BlobReference.In(Container.Name, name);

    public async Task<BlobReference> PutImageAsync(string name, Image<Rgba32> image)
    {
        using var buffer = new MemoryStream();
        await image.SaveAsPngAsync(buffer);
        buffer.Position = 0;
        await Container.GetBlobClient(name).UploadAsync(buffer, overwrite: true);
        return Ref(name);
    }

    public async Task<BlobReference> PutMaskAsync(string name, MaskPlane mask)
    {
        using var buffer = new MemoryStream();
        await MaskCodec.WritePng8Async(mask, buffer, CancellationToken.None);
        buffer.Position = 0;
        await Container.GetBlobClient(name).UploadAsync(buffer, overwrite: true);
        return Ref(name);
    }

    public async Task<BlobReference> PutBytesAsync(string name, byte[] bytes)
    {
        await Container.GetBlobClient(name).UploadAsync(new BinaryData(bytes), overwrite: true);
        return Ref(name);
    }

    public async Task<Image<Rgba32>> GetImageAsync(string name)
    {
        var content = await Container.GetBlobClient(name).DownloadContentAsync();
        return Image.Load<Rgba32>(content.Value.Content.ToArray());
    }

    public async Task<MaskPlane> GetMaskAsync(string name)
    {
        var content = await Container.GetBlobClient(name).DownloadContentAsync();
        return await MaskCodec.ReadAsync(content.Value.Content.ToStream(), CancellationToken.None);
    }

    public async Task<bool> ExistsAsync(string name) => (await Container.GetBlobClient(name).ExistsAsync()).Value;
}
