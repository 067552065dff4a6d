using System.Net;
using Inpaint.Local.Hosting;
using Inpaint.Local.Tests.Orchestration;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inpaint.Local.Tests.Hosting;

[Collection(AzuriteCollection.Name)]
public sealed class LocalStackTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task With_a_configured_account_it_starts_no_azurite_and_serves_api_and_orchestrations()
    {
        var options = new LocalStackOptions
        {
            DataDirectory = AzuriteFixture.NewDataDirectory(),
            MinimumLogLevel = LogLevel.Warning,
            ProvisionApiKey = false,
            // The product's task list plus a test orchestration: the worker's registry is configured through options.
            ConfigureServices = services => services.Configure<DurableTaskRegistry>(tasks => tasks.AddOrchestrator<FanOutOrchestrator>().AddActivity<SquareActivity>()),
        };
        options.Settings["Storage:ConnectionString"] = azurite.ConnectionString;
        options.Settings["DurableTask:HubName"] = LocalTaskHub.NewHubName();

        await using var stack = await LocalStack.StartAsync(options);
        Assert.Null(stack.Azurite);
        Assert.Equal("127.0.0.1", stack.BaseAddress.Host);
        Assert.NotEqual(0, stack.BaseAddress.Port);

        using var http = new HttpClient { BaseAddress = stack.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);

        var client = stack.Services.GetRequiredService<DurableTaskClient>();
        string id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 10);
        OrchestrationMetadata? instance;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, timeout.Token)) is not { IsCompleted: true })
        {
            await Task.Delay(25, timeout.Token);
        }

        Assert.Equal(10 * 10 + 11 * 11, instance.ReadOutputAs<int>());
        AzuriteFixture.DeleteDirectory(options.DataDirectory);
    }
}
