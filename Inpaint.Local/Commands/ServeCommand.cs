using System.CommandLine;
using Inpaint.Local.Hosting;

namespace Inpaint.Local.Commands;

/// <summary><c>inpaint serve</c>: the HTTP API and the orchestrations on this machine, until Ctrl+C.</summary>
static class ServeCommand
{
    public static Command Create()
    {
        var stack = new StackOptions();
        var urls = new Option<string?>("--urls")
        {
            Description = "Where the API listens (for example http://127.0.0.1:5080). Default: a free loopback port.",
        };
        var command = new Command("serve", "Run the inpainting API and its orchestrations locally (embedded Azurite unless Storage:ConnectionString is set).");
        stack.AddTo(command);
        command.Options.Add(urls);
        command.SetAction(async (result, cancellationToken) =>
        {
            var console = result.InvocationConfiguration.Output;
            return await CommandFailure.ReportAsync("serve", result.InvocationConfiguration.Error, async () =>
            {
                var options = stack.Read(result);
                options.Urls = result.GetValue(urls);
                await using var running = await LocalStack.StartAsync(options, cancellationToken);
                console.WriteLine($"Inpaint API listening at {running.BaseAddress}");
                console.WriteLine(running.Azurite is null
                    ? "Storage: the configured account (Storage:ConnectionString)"
                    : $"Storage: embedded Azurite, data in {options.DataDirectory}");
                if (running.ApiKey is not null)
                {
                    console.WriteLine($"API key (user dev, saved in {Path.Combine(options.DataDirectory, LocalStack.ApiKeyFileName)}): {running.ApiKey}");
                    console.WriteLine($"Try: curl -H \"X-Api-Key: {running.ApiKey}\" --data-binary @samples/astronaut.png -H \"Content-Type: image/png\" {running.BaseAddress}v2/uploads");
                }

                console.WriteLine("Press Ctrl+C to stop.");
                await running.WaitForShutdownAsync(cancellationToken);
                console.WriteLine("Stopping...");
                return 0;
            });
        });
        return command;
    }
}
