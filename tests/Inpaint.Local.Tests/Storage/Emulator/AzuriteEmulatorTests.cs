using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Inpaint.Local.Storage.Emulator;
using Inpaint.Testing;

namespace Inpaint.Local.Tests.Storage.Emulator;

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteEmulatorTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Connection_string_reaches_blob_and_table_services()
    {
        var container = new BlobContainerClient(azurite.ConnectionString, "roundtrip-" + Guid.NewGuid().ToString("n")[..8]);
        await container.CreateAsync();
        await container.UploadBlobAsync("a.txt", BinaryData.FromString("hello"));
        var downloaded = await container.GetBlobClient("a.txt").DownloadContentAsync();
        Assert.Equal("hello", downloaded.Value.Content.ToString());

        var table = new TableClient(azurite.ConnectionString, "roundtrip" + Guid.NewGuid().ToString("n")[..8]);
        await table.CreateAsync();
        await table.AddEntityAsync(new TableEntity("pk", "rk") { ["Value"] = 42 });
        var entity = await table.GetEntityAsync<TableEntity>("pk", "rk");
        Assert.Equal(42, entity.Value.GetInt32("Value"));
    }

    [Fact]
    public void Services_listen_on_three_distinct_ports()
    {
        var ports = new[] { azurite.Emulator.BlobPort, azurite.Emulator.QueuePort, azurite.Emulator.TablePort };
        Assert.All(ports, p => Assert.InRange(p, 1, 65535));
        Assert.Equal(3, ports.Distinct().Count());
        Assert.DoesNotContain(10000, ports); // free ports, not the defaults another Azurite may hold
    }

    [Fact]
    public async Task Fixed_ports_are_listened_on_and_survive_a_restart_with_the_data()
    {
        var ports = FreePorts.Take(3);
        var options = AzuriteFixture.OptionsFor(AzuriteFixture.NewDataDirectory());
        (options.BlobPort, options.QueuePort, options.TablePort) = (ports[0], ports[1], ports[2]);
        try
        {
            string connectionString;
            await using (var first = await AzuriteEmulator.StartAsync(options))
            {
                Assert.Equal(ports, new[] { first.BlobPort, first.QueuePort, first.TablePort });
                connectionString = first.ConnectionString;
                var container = new BlobContainerClient(connectionString, "kept");
                await container.CreateAsync();
                await container.UploadBlobAsync("a.txt", BinaryData.FromString("before the restart"));
                await new QueueClient(connectionString, "kept").CreateAsync();
            }

            // The same folder and ports: the old connection string reaches the same data.
            await using var second = await AzuriteEmulator.StartAsync(options);
            Assert.Equal(connectionString, second.ConnectionString);
            var kept = await new BlobContainerClient(connectionString, "kept").GetBlobClient("a.txt").DownloadContentAsync();
            Assert.Equal("before the restart", kept.Value.Content.ToString());
            Assert.True(await new QueueClient(connectionString, "kept").ExistsAsync());
        }
        finally
        {
            AzuriteFixture.DeleteDirectory(options.DataDirectory);
        }
    }

    [Fact]
    public async Task A_port_out_of_range_is_refused_with_its_setting()
    {
        var options = AzuriteFixture.OptionsFor(AzuriteFixture.NewDataDirectory());
        options.QueuePort = 70000;
        var error = await Assert.ThrowsAsync<AzuriteException>(() => AzuriteEmulator.StartAsync(options));
        Assert.Contains("Azurite:QueuePort", error.Message);
        AzuriteFixture.DeleteDirectory(options.DataDirectory);
    }

    [Fact]
    public async Task Missing_node_is_reported_with_what_to_do()
    {
        var options = AzuriteFixture.OptionsFor(AzuriteFixture.NewDataDirectory());
        options.NodePath = "/nonexistent/node";
        var error = await Assert.ThrowsAsync<AzuriteException>(() => AzuriteEmulator.StartAsync(options));
        Assert.Contains("Node.js", error.Message);
        Assert.Contains("Storage__ConnectionString", error.Message);
        AzuriteFixture.DeleteDirectory(options.DataDirectory);
    }
}
