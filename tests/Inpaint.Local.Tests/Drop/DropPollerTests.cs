using Inpaint.Inference;
using Inpaint.Local.Drop;
using Inpaint.Local.Hosting;
using Inpaint.Local.Tests.Orchestration;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Shared;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Orchestration;
using Inpaint.Testing;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;

namespace Inpaint.Local.Tests.Drop;

/// <summary>The local stack's poller over the same <c>drop</c> container: a dropped file becomes one task, end to end.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DropPollerTests(AzuriteFixture azurite) : IDisposable
{
    readonly string dataDirectory = AzuriteFixture.NewDataDirectory();

    [Fact]
    public async Task A_file_dropped_into_the_local_stack_is_processed_once()
    {
        var folder = new DropFolder(azurite.ConnectionString, DropFolder.NewBatch());
        var owner = "drop-" + folder.Batch;
        var options = new LocalStackOptions
        {
            DataDirectory = this.dataDirectory,
            ProvisionApiKey = false,
        };
        options.Settings["Storage:ConnectionString"] = azurite.ConnectionString;
        options.Settings["DurableTask:HubName"] = LocalTaskHub.NewHubName();
        options.Settings["Drop:Owners"] = $"{folder.Batch}={owner}";
        options.Settings["DropPoller:Interval"] = "00:00:00.200";
        await using var stack = await LocalStack.StartAsync(options);
        await stack.Services.GetRequiredService<CreditLedger>().GrantAsync(owner, 10, "test");

        using var photo = TestImages.Photo(100, 80);
        await folder.PutJsonAsync("args.json", DropFolder.MaskArgs(100, 80, new Rectangle(30, 30, 20, 20)));
        await folder.PutAsync("local.png", TestImages.Png(photo));

        var result = await folder.WaitForFinalResultAsync("local", TimeSpan.FromSeconds(90));
        Assert.True(result.Status == TaskStatuses.Completed, $"the drop task ended {result.Status}: {result.Error}");
        Assert.Equal(["output-0.png"], result.Outputs);

        // Later passes leave it alone: one task, one charge.
        await stack.Services.GetRequiredService<DropPoller>().PollOnceAsync(default);
        Assert.Equal(8, await stack.Services.GetRequiredService<CreditLedger>().BalanceAsync(owner));
        Assert.Equal(result.TaskId, (await folder.ReadResultAsync("local"))!.TaskId);
    }

    public void Dispose() => AzuriteFixture.DeleteDirectory(this.dataDirectory);
}
