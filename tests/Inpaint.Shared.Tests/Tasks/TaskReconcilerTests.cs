using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Tasks;
using Inpaint.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SixLabors.ImageSharp;

namespace Inpaint.Shared.Tests.Tasks;

/// <summary>
/// The states a crash can leave a create or an orchestration in, built by hand the way the create writes them,
/// and what one reconciliation pass makes of each. The reconciler scans every user's rows, so these tests have
/// an Azurite of their own rather than the collection's.
/// </summary>
public sealed class TaskReconcilerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int CreditsPerSample = 2;

    /// <summary>Past the grace period (10 min by default): the pass looks at what was created before now − grace.</summary>
    private static DateTimeOffset Later => DateTimeOffset.UtcNow.AddMinutes(11);

    [Fact]
    public async Task A_create_interrupted_after_its_charge_is_started_and_completes_charged_once()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var row = await AcceptedRowAsync(host, samples: 2);
        await host.Get<CreditLedger>().ChargeAsync(host.User, row.RowKey, row.Cost);

        // Within the grace period the create may still be running: nothing is touched.
        var early = await host.Get<TaskReconciler>().RunAsync(host.Client, DateTimeOffset.UtcNow, default);
        Assert.Equal(0, early.Started);
        Assert.Null(await host.Client.GetInstanceAsync(row.RowKey));

        var report = await host.Get<TaskReconciler>().RunAsync(host.Client, Later, default);
        Assert.Equal(1, report.Started);
        var final = await host.WaitForFinalAsync(row.RowKey);
        Assert.Equal(TaskStatuses.Completed, final.Status);
        Assert.Equal(2, JsonSerializer.Deserialize<StoredSample[]>(final.ResultJson!)!.Length);
        Assert.Equal([-4L], (await host.Get<CreditLedger>().MovementsAsync(host.User, row.RowKey)).Select(m => m.Credits));

        // A second pass finds nothing left to do.
        Assert.False((await host.Get<TaskReconciler>().RunAsync(host.Client, Later, default)).DidAnything);
    }

    [Fact]
    public async Task A_create_interrupted_before_its_charge_is_failed_and_nothing_is_refunded()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var row = await AcceptedRowAsync(host, samples: 1);

        var report = await host.Get<TaskReconciler>().RunAsync(host.Client, Later, default);

        Assert.Equal(1, report.NeverCharged);
        var final = await host.Get<TaskStore>().GetAsync(host.User, row.RowKey);
        Assert.Equal(TaskStatuses.Failed, final.Status);
        Assert.Contains("nothing was charged", final.Error);
        Assert.Empty(await host.Get<CreditLedger>().MovementsAsync(host.User, row.RowKey));
        Assert.Equal(OrchestrationHost.StartingCredits, await host.Get<CreditLedger>().BalanceAsync(host.User));
        Assert.Null(await host.Client.GetInstanceAsync(row.RowKey));
    }

    [Fact]
    public async Task An_orchestration_that_ended_without_ending_its_task_is_failed_and_refunded_in_full()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var row = await AcceptedRowAsync(host, samples: 2);
        await host.Get<CreditLedger>().ChargeAsync(host.User, row.RowKey, row.Cost);
        // An instance under the task's id that ends without touching the row (no such orchestrator: it fails).
        await host.Client.ScheduleNewOrchestrationInstanceAsync("NoSuchOrchestrator", new StartOrchestrationOptions(InstanceId: row.RowKey));
        await WaitUntilEndedAsync(host.Client, row.RowKey);

        var report = await host.Get<TaskReconciler>().RunAsync(host.Client, Later, default);

        Assert.Equal(1, report.Ended);
        var final = await host.Get<TaskStore>().GetAsync(host.User, row.RowKey);
        Assert.Equal(TaskStatuses.Failed, final.Status);
        Assert.Null(final.ResultJson);
        var movements = await host.Get<CreditLedger>().MovementsAsync(host.User, row.RowKey);
        Assert.Equal(0, movements.Sum(m => m.Credits));
        Assert.Equal(OrchestrationHost.StartingCredits, await host.Get<CreditLedger>().BalanceAsync(host.User));

        // Ending it again changes nothing (the refund is keyed by task).
        Assert.False((await host.Get<TaskReconciler>().RunAsync(host.Client, Later, default)).DidAnything);
        Assert.Equal(OrchestrationHost.StartingCredits, await host.Get<CreditLedger>().BalanceAsync(host.User));
    }

    [Fact]
    public async Task A_task_whose_orchestration_still_runs_is_left_alone()
    {
        var gate = new GatedEngine();
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString, gate);
        var task = await host.Get<TaskCreator>().CreateAsync(host.User, await RequestAsync(host, samples: 1), host.Client, default);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var report = await host.Get<TaskReconciler>().RunAsync(host.Client, Later, default);
        Assert.False(report.DidAnything);
        Assert.False(TaskStatuses.IsFinal((await host.Get<TaskStore>().GetAsync(host.User, task.Id)).Status));

        gate.Release();
        Assert.Equal(TaskStatuses.Completed, (await host.WaitForFinalAsync(task.Id)).Status);
    }

    private static async Task<TaskEntity> AcceptedRowAsync(OrchestrationHost host, int samples) =>
        await AcceptedRows.WritePendingAsync(host.Get<TaskStore>(), host.User, await RequestAsync(host, samples), CreditsPerSample);

    private static async Task<CreateTaskRequest> RequestAsync(OrchestrationHost host, int samples)
    {
        using var photo = TestImages.Photo(160, 120);
        using var mask = TestImages.RectangleMask(160, 120, new Rectangle(50, 40, 40, 30));
        var image = await host.UploadAsync(TestImages.Png(photo));
        var maskRef = await host.UploadAsync(TestImages.Png(mask));
        return new CreateTaskRequest(ToolNames.FluxInpainting, JsonDocument.Parse(
            $$"""{"image":"{{image}}","mask_image":"{{maskRef}}","n_samples":{{samples}}}""").RootElement.Clone());
    }

    private static async Task WaitUntilEndedAsync(DurableTaskClient client, string instanceId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetInstanceAsync(instanceId)) is not { IsCompleted: true })
        {
            Assert.True(DateTime.UtcNow < deadline, $"instance {instanceId} did not end");
            await Task.Delay(50);
        }
    }
}
