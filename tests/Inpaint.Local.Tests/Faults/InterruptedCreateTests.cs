using System.Text.Json;
using Inpaint.Local.Client;
using Inpaint.Local.Hosting;
using Inpaint.Local.Keys;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Tasks;
using Inpaint.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Inpaint.Local.Tests.Faults;

/// <summary>
/// A create that died after writing its row and charging, before scheduling (a host killed at that instant):
/// the local stack's reconciler finds the row once it is older than the grace period and runs the task, charged
/// once. Its own embedded Azurite, because the reconciler looks at every row in the account.
/// </summary>
public sealed class InterruptedCreateTests(ITestOutputHelper output) : IAsyncLifetime
{
    readonly string dataDirectory = AzuriteFixture.NewDataDirectory();

    [Fact]
    public async Task A_create_interrupted_before_scheduling_is_run_by_the_reconciler()
    {
        var options = new LocalStackOptions { DataDirectory = this.dataDirectory, MinimumLogLevel = LogLevel.Critical };
        options.Settings["Reconcile:Grace"] = "00:00:01";
        options.Settings["Reconcile:Interval"] = "00:00:01";
        await using var stack = await LocalStack.StartAsync(options);
        var client = new InpaintApiClient(new HttpClient { BaseAddress = stack.BaseAddress }, stack.ApiKey!);
        var (image, mask) = await HostKillTests.UploadInputsAsync(client, Path.Combine(this.dataDirectory, "in"));
        var request = new CreateTaskRequest(ToolNames.FluxInpainting, JsonDocument.Parse(
            $$"""{"image":"{{image}}","mask_image":"{{mask}}","resolution":512,"n_samples":2}""").RootElement.Clone());

        var ledger = stack.Services.GetRequiredService<CreditLedger>();
        var row = await AcceptedRows.WritePendingAsync(stack.Services.GetRequiredService<TaskStore>(), DevelopmentApiKey.User, request);
        await ledger.ChargeAsync(DevelopmentApiKey.User, row.RowKey, row.Cost);

        var task = await client.WaitForTaskAsync(row.RowKey, null, TimeSpan.FromSeconds(120), default);
        var outcome = await TaskOutcome.CheckAsync(task, ledger, DevelopmentApiKey.User, creditsPerSample: 2);
        output.WriteLine($"interrupted create: {outcome}");
        Assert.Equal("completed", outcome.Status);
        Assert.Equal(2, outcome.Delivered);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        AzuriteFixture.DeleteDirectory(this.dataDirectory);
        return Task.CompletedTask;
    }
}
