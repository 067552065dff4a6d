using System.Text;
using System.Text.Json;
using Inpaint.GpuWorker.Hosting;
using Inpaint.Inference;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Worker;
using Inpaint.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;

namespace Inpaint.Functions.Tests;

/// <summary>
/// The Functions host sends generation to the GPU worker. A real worker (the production engine registration)
/// with no generative model installed: the create function refuses a prompt at once, as the local stack does
/// (400 naming <c>inpainting_prompt</c> and the pull command, nothing kept, nothing charged), and still accepts
/// and completes a removal (empty prompt) on the worker.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PromptRefusalTests(AzuriteFixture azurite)
{
    private const string WorkerKey = "functions-test-worker";

    [Fact]
    public async Task Without_a_generative_model_on_the_worker_the_create_function_refuses_a_prompt_naming_the_pull_command()
    {
        var models = Directory.CreateTempSubdirectory("inpaint-functions-models-").FullName; // empty: no fill model installed
        var worker = WorkerApp.Build(
            [
                "--urls=http://127.0.0.1:0",
                $"--Storage:ConnectionString={azurite.ConnectionString}",
                $"--Auth:ApiKey={WorkerKey}",
                $"--Regions:ModelsDirectory={models}",
                "--Logging:LogLevel:Default=Warning",
            ],
            (services, _) => services.AddWorkerHostedEngines());
        await worker.StartAsync();
        try
        {
            await using var host = await OrchestrationHost.StartAsync(
                azurite.ConnectionString,
                configure: services => services
                    .AddGpuWorkerEngines() // as Inpaint.Functions/Program.cs
                    .Configure<WorkerClientOptions>(o =>
                    {
                        // The test host's services bind options from their own (empty) configuration: set them here.
                        o.BaseAddress = new Uri(worker.Urls.First() + "/");
                        o.ApiKey = WorkerKey;
                    }));
            var key = await host.Get<ApiKeyStore>().CreateAsync(host.User, "test");
            var functions = TaskFunctionsTests.Functions(host);
            var ledger = host.Get<CreditLedger>();
            var before = await ledger.BalanceAsync(host.User);

            using var photo = TestImages.Photo(200, 150);
            using var mask = TestImages.RectangleMask(200, 150, new Rectangle(60, 40, 50, 40));
            var image = await host.UploadAsync(TestImages.Png(photo));
            var maskImage = await host.UploadAsync(TestImages.Png(mask));

            var prompted = Create(host, key, image, maskImage, "a red boat");
            var (status, problem, contentType) = await TaskFunctionsTests.Execute(prompted, await functions.CreateAsync(prompted, host.Client));
            Assert.Equal(400, status);
            Assert.Equal("application/problem+json", contentType);
            var message = problem.GetProperty("errors").GetProperty("inpainting_prompt")[0].GetString();
            Assert.Contains("inpaint models pull flux2-klein-4b", message);
            Assert.Contains("empty inpainting_prompt", message);
            Assert.Equal(before, await ledger.BalanceAsync(host.User));
            Assert.Empty((await host.Get<TaskQueries>().ListAsync(host.User, status: null, limit: 10, cursor: null, CancellationToken.None)).Docs);

            // A removal needs no generative model: accepted, and the worker fills it.
            var removal = Create(host, key, image, maskImage, "");
            var (removalStatus, created, _) = await TaskFunctionsTests.Execute(removal, await functions.CreateAsync(removal, host.Client));
            Assert.Equal(200, removalStatus);
            var row = await host.WaitForFinalAsync(created.GetProperty("task").GetProperty("_id").GetString()!);
            Assert.Equal("completed", row.Status);
        }
        finally
        {
            await worker.StopAsync();
            await worker.DisposeAsync();
            Directory.Delete(models, recursive: true);
        }
    }

    private static Microsoft.AspNetCore.Http.HttpRequest Create(OrchestrationHost host, string key, string image, string mask, string prompt)
    {
        var body = JsonSerializer.Serialize(new
        {
            tool = "flux_inpainting",
            args = new { image, mask_image = mask, inpainting_prompt = prompt },
        });
        return TaskFunctionsTests.Request(host, key, Encoding.UTF8.GetBytes(body), "application/json");
    }
}
