using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Drop;
using Inpaint.Shared.Storage;

namespace Inpaint.Testing;

/// <summary>One batch folder in the <c>drop</c> container of an Azurite, and its <c>drop-results</c>, for blob-drop tests.</summary>
public sealed class DropFolder(string connectionString, string batch)
{
    private readonly BlobServiceClient _service = new(connectionString);

    public string Batch { get; } = batch;

    /// <summary>A batch name no other test uses.</summary>
    public static string NewBatch() => "batch-" + Guid.NewGuid().ToString("n")[..10];

    public BlobClient Blob(string file) => _service.GetBlobContainerClient(BlobContainers.Drop).GetBlobClient($"{Batch}/{file}");

    /// <summary>Drops <paramref name="content"/> as <c>drop/{batch}/{file}</c>; returns the blob name in the container.</summary>
    public async Task<string> PutAsync(string file, byte[] content)
    {
        await _service.GetBlobContainerClient(BlobContainers.Drop).CreateIfNotExistsAsync();
        await Blob(file).UploadAsync(BinaryData.FromBytes(content), overwrite: true);
        return $"{Batch}/{file}";
    }

    public Task<string> PutJsonAsync(string file, string json) => PutAsync(file, Encoding.UTF8.GetBytes(json));

    public BlobClient Result(string name, string file) =>
        _service.GetBlobContainerClient(BlobContainers.DropResults).GetBlobClient($"{Batch}/{name}/{file}");

    public async Task<DropResult?> ReadResultAsync(string name)
    {
        var blob = Result(name, "result.json");
        if (!(await blob.ExistsAsync()).Value) return null;
        return JsonSerializer.Deserialize<DropResult>((await blob.DownloadContentAsync()).Value.Content.ToStream());
    }

    /// <summary>Waits until <c>result.json</c> of <paramref name="name"/> reports a final status.</summary>
    public async Task<DropResult> WaitForFinalResultAsync(string name, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var result = await ReadResultAsync(name);
            if (result is not null && TaskStatuses.IsFinal(result.Status)) return result;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"drop-results/{Batch}/{name}/result.json is {result?.Status ?? "absent"} after {timeout ?? TimeSpan.FromSeconds(60)}");
            await Task.Delay(50);
        }
    }

    /// <summary>The args JSON of a rectangle mask as a data: URI, plus <paramref name="extra"/> properties.</summary>
    public static string MaskArgs(int width, int height, SixLabors.ImageSharp.Rectangle hole, string extra = "")
    {
        using var mask = TestImages.RectangleMask(width, height, hole);
        return $$"""{"mask_image":"data:image/png;base64,{{Convert.ToBase64String(TestImages.Png(mask))}}","inpainting_prompt":"moss"{{extra}}}""";
    }
}
