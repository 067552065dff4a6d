extern alias worker;

using System.CommandLine;
using Inpaint.Inference;
using worker::Inpaint.GpuWorker.Hosting;

namespace Inpaint.Local.Commands;

/// <summary>
/// <c>inpaint worker</c>: the GPU worker service as a separate local process (CUDA when it loads, else CPU).
/// Point a local stack at it with <c>--set WorkerClient:BaseAddress=http://127.0.0.1:PORT/
/// --set WorkerClient:ApiKey=KEY</c>, the same key the worker reads from <c>Auth:ApiKey</c>.
/// </summary>
static class WorkerCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where the worker listens.",
            DefaultValueFactory = _ => "http://127.0.0.1:5180",
        };
        var settings = new Option<string[]>("--set")
        {
            Description = "A configuration value, Key=Value (for example Auth:ApiKey=..., Storage:ConnectionString=...). Repeatable.",
        };
        var command = new Command("worker", "Run the GPU worker service (segment, foreground, diffuse over HTTP) on this machine.");
        command.Options.Add(urls);
        command.Options.Add(settings);
        command.SetAction(async (result, cancellationToken) =>
        {
            var args = new List<string> { "--urls", result.GetValue(urls)! };
            foreach (var setting in result.GetValue(settings) ?? [])
            {
                var equals = setting.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    result.InvocationConfiguration.Error.WriteLine($"inpaint worker failed: --set expects Key=Value, got '{setting}'");
                    return 2;
                }

                args.Add($"--{setting[..equals]}={setting[(equals + 1)..]}");
            }

            return await CommandFailure.ReportAsync("worker", result.InvocationConfiguration.Error, async () =>
            {
                await using var app = WorkerApp.Build([.. args], (services, _) => services.AddWorkerHostedEngines());
                await app.RunAsync(cancellationToken);
                return 0;
            });
        });
        return command;
    }
}
