using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using Inpaint.Inference.Models;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Testing;

namespace Inpaint.Local.Tests.Models;

[Collection(AzuriteCollection.Name)]
public sealed class ModelStoreBlobFillTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("inpaint-blob-models-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<BlobContainerClient> ContainerWith(string name, byte[] served, string sha)
    {
        var container = new BlobContainerClient(azurite.ConnectionString, "models-" + Guid.NewGuid().ToString("n")[..8]);
        await container.CreateAsync();
        var manifest = new ModelManifest
        {
            Name = name,
            Family = ModelFamily.ClipSeg,
            Files = [new ModelFile { Path = "onnx/model.onnx", Role = ModelRoles.Model, Size = served.Length, Sha256 = sha }],
        };
        await container.UploadBlobAsync($"{name}/manifest.json", BinaryData.FromString(JsonSerializer.Serialize(manifest, new JsonSerializerOptions(JsonSerializerDefaults.Web))));
        await container.UploadBlobAsync($"{name}/onnx/model.onnx", BinaryData.FromBytes(served));
        return container;
    }

    [Fact]
    public async Task Fills_the_store_from_a_container_laid_out_like_the_store()
    {
        var model = RandomNumberGenerator.GetBytes(70_000);
        var container = await ContainerWith("from-blob", model, Convert.ToHexStringLower(SHA256.HashData(model)));
        var store = new ModelStore(_root);

        await store.FillFromBlobAsync(container, "from-blob", null, CancellationToken.None);

        Assert.True(store.IsInstalled("from-blob"));
        Assert.Equal(model, File.ReadAllBytes(Path.Combine(_root, "from-blob", "onnx", "model.onnx")));
        Assert.True((await store.VerifyAsync("from-blob", CancellationToken.None)).Ok);
    }

    [Fact]
    public async Task A_corrupt_blob_is_refused_and_nothing_is_installed()
    {
        var model = RandomNumberGenerator.GetBytes(5_000);
        var container = await ContainerWith("bad-blob", model, new string('f', 64));
        var store = new ModelStore(_root);

        await Assert.ThrowsAsync<ModelIntegrityException>(() => store.FillFromBlobAsync(container, "bad-blob", null, CancellationToken.None));

        Assert.False(store.IsInstalled("bad-blob"));
        Assert.Empty(Directory.GetFiles(_root, "*.partial", SearchOption.AllDirectories));
    }
}
