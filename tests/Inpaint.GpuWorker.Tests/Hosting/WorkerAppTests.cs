using System.Net;
using System.Net.Http.Json;
using Inpaint.GpuWorker.Hosting;
using Inpaint.GpuWorker.Tests.Engines;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Worker;
using Inpaint.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Inpaint.GpuWorker.Tests.Hosting;

/// <summary>The worker as another host runs it (<c>inpaint worker</c>, or in-process beside the local stack):
/// <see cref="WorkerApp.Build"/> on a real loopback port.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class WorkerAppTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task WorkerApp_serves_the_api_on_a_loopback_port_with_the_engines_it_is_given()
    {
        var app = WorkerApp.Build(
            [
                "--urls=http://127.0.0.1:0",
                $"--Storage:ConnectionString={azurite.ConnectionString}",
                "--Auth:ApiKey=in-process-key",
                "--Logging:LogLevel:Default=Warning",
            ],
            (services, _) => services.AddSingleton<IGenerationEngine>(new SeededFill("given")));
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("v1/info")).StatusCode);

            client.DefaultRequestHeaders.Add(WorkerHeaders.ApiKey, "in-process-key");
            var info = await client.GetFromJsonAsync<WorkerInfo>("v1/info", WorkerJson.Options);
            Assert.Equal("given", info!.Models.First(m => m.Kind == "fill").Name);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
