using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Inpaint.Inference.Generation;
using Inpaint.Local.Hosting;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Generation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inpaint.Pipeline.Bench;

/// <summary>
/// The local stack as <c>inpaint serve</c> runs it (embedded Azurite, Durable Task, the HTTP API on loopback),
/// with the harmonic fill as its engine unless the configured engines are asked for: the fill is measured but
/// is not what this bench is about, and the harmonic fill keeps a run short on a shared machine.
/// </summary>
internal sealed class PipelineRunner : IAsyncDisposable
{
    private readonly LocalStack _stack;
    private readonly HttpClient _http;
    private readonly string _data;

    private PipelineRunner(LocalStack stack, string data)
    {
        _stack = stack;
        _data = data;
        _http = new HttpClient { BaseAddress = stack.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        _http.DefaultRequestHeaders.Add("X-Api-Key", stack.ApiKey);
    }

    public static async Task<PipelineRunner> StartAsync(bool configuredEngines)
    {
        var data = Path.Combine(Path.GetTempPath(), "inpaint-pipeline-" + Guid.NewGuid().ToString("n")[..8]);
        var options = new LocalStackOptions { DataDirectory = data, MinimumLogLevel = LogLevel.Warning };
        options.Settings["DurableTask:HubName"] = "pipe" + Guid.NewGuid().ToString("n")[..8];
        if (!configuredEngines)
            options.ConfigureServices = services => services.AddSingleton<IGenerationEngine, HarmonicFill>();   // registered last, it wins

        return new PipelineRunner(await LocalStack.StartAsync(options), data);
    }

    public async Task<string> UploadAsync(byte[] bytes)
    {
        using var response = await _http.PostAsync("v2/uploads", new ByteArrayContent(bytes));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["reference"]!.GetValue<string>();
    }

    /// <summary>Creates one task, waits until it is final and reads its step timings; throws unless it completed.</summary>
    public async Task<TaskFigures> RunAsync(string image, string mask, PipelineCase run, int seed)
    {
        var body = new JsonObject
        {
            ["tool"] = "flux_inpainting",
            ["args"] = new JsonObject
            {
                ["image"] = image,
                ["mask_image"] = mask,
                ["resolution"] = run.Resolution,
                ["output_format"] = run.OutputFormat,
                ["seed"] = seed,
            },
        };
        using var created = await _http.PostAsync("v2/tasks/create", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["task"]!["_id"]!.GetValue<string>();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            // The figures come from the server's own timestamps, so this poll's period does not enter them.
            var task = (await _http.GetFromJsonAsync<TaskEnvelope>($"v2/tasks/{id}"))!.Task;
            if (TaskStatuses.IsFinal(task.Status))
            {
                if (task.Status != TaskStatuses.Completed || task.Performance is null)
                    throw new InvalidOperationException($"Task {id} ended {task.Status}: {task.Error}");
                return Figures(task);
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException($"Task {id} is still {task.Status} after 5 minutes.");
            await Task.Delay(100);
        }
    }

    private static TaskFigures Figures(TaskDocument task)
    {
        var performance = task.Performance!;
        // Each step's wait (dispatch, queueing; the generate step's includes its samples' composite and delivery)
        // and run, on stderr so that the tables on stdout stay whole.
        Console.Error.WriteLine("steps, wait/run ms: " + string.Join(", ", performance.Steps.Select(s => $"{s.Step} {s.WaitTime * 1000:0}/{s.RunTime * 1000:0}")));
        double Run(params string[] names) => performance.Steps.Where(s => names.Contains(s.Step)).Sum(s => s.RunTime);
        var wall = (task.UpdatedAt - task.CreatedAt).TotalSeconds;
        return new TaskFigures(
            Run("prepare"),
            Run("select-region"),
            Run("refine-mask"),
            Run("generate", "diffuse"),
            Run("composite"),
            wall - performance.WaitTime - performance.RunTime,
            wall);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _stack.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
