using Inpaint.Functions.Drop;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Drop;
using Inpaint.Shared.Ledger;
using Inpaint.Testing;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;

namespace Inpaint.Functions.Tests;

/// <summary>The blob-drop function called directly with a real <c>BlobClient</c> on Azurite and the in-process Durable host.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DropBlobFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_dropped_image_becomes_a_task_once_and_its_outputs_land_in_drop_results()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var folder = new DropFolder(azurite.ConnectionString, DropFolder.NewBatch());
        host.Get<IOptions<DropOptions>>().Value.Owners = $"{folder.Batch}={host.User}";
        var function = new DropBlobFunction(host.Get<DropProcessor>());

        using var photo = TestImages.Photo(100, 80);
        await folder.PutJsonAsync("args.json", DropFolder.MaskArgs(100, 80, new Rectangle(30, 30, 20, 20)));
        await folder.PutAsync("shot.png", TestImages.Png(photo));

        var first = await function.RunAsync(folder.Blob("shot.png"), host.Client, default);
        var again = await function.RunAsync(folder.Blob("shot.png"), host.Client, default);
        Assert.Equal(DropOutcomeKind.Created, first.Kind);
        Assert.Equal(DropOutcomeKind.AlreadyProcessed, again.Kind);
        Assert.Equal(first.TaskId, again.TaskId);

        var result = await folder.WaitForFinalResultAsync("shot");
        Assert.Equal(TaskStatuses.Completed, result.Status);
        Assert.Equal(["output-0.png"], result.Outputs);
        Assert.True((await folder.Result("shot", "output-0.png").ExistsAsync()).Value);
        Assert.Equal(OrchestrationHost.StartingCredits - 2, await host.Get<CreditLedger>().BalanceAsync(host.User));

        // An args file is not a task.
        Assert.Equal(DropOutcomeKind.Ignored, (await function.RunAsync(folder.Blob("args.json"), host.Client, default)).Kind);
    }
}
