using System.CommandLine;
using Inpaint.Local.Client;
using Inpaint.Local.Demo;
using Inpaint.Local.Hosting;
using Microsoft.Extensions.Logging;

namespace Inpaint.Local.Commands;

/// <summary><c>inpaint demo</c>: edit the shipped sample photo through the whole local stack and save the results.</summary>
static class DemoCommand
{
    public static Command Create()
    {
        var defaults = new DemoOptions();
        var stack = new StackOptions();
        var image = new Option<string>("--image") { Description = "The photo to edit.", DefaultValueFactory = _ => defaults.Image };
        var mask = new Option<string>("--mask") { Description = "The mask: white where pixels are replaced.", DefaultValueFactory = _ => defaults.Mask };
        var prompt = new Option<string>("--prompt") { Description = "What to put in the masked region.", DefaultValueFactory = _ => defaults.Prompt };
        var output = new Option<string>("--out") { Description = "Folder for the results.", DefaultValueFactory = _ => defaults.OutputDirectory };
        var timeout = new Option<int>("--timeout") { Description = "Seconds the task may take.", DefaultValueFactory = _ => (int)defaults.Timeout.TotalSeconds };

        var command = new Command("demo", "Replace the space shuttle in samples/astronaut.png through the local API, orchestration and storage; print where the outputs are.");
        stack.AddTo(command);
        command.Options.Add(image);
        command.Options.Add(mask);
        command.Options.Add(prompt);
        command.Options.Add(output);
        command.Options.Add(timeout);
        command.SetAction(async (result, cancellationToken) =>
        {
            var demo = new DemoOptions
            {
                Image = Path.GetFullPath(result.GetValue(image)!),
                Mask = Path.GetFullPath(result.GetValue(mask)!),
                Prompt = result.GetValue(prompt)!,
                OutputDirectory = Path.GetFullPath(result.GetValue(output)!),
                Timeout = TimeSpan.FromSeconds(result.GetValue(timeout)),
            };
            return await CommandFailure.ReportAsync("demo", result.InvocationConfiguration.Error, async () =>
            {
                // The demo prints its own progress; the stack speaks up only when something is wrong.
                var options = stack.Read(result);
                options.MinimumLogLevel = LogLevel.Warning;
                await DemoRun.RunAsync(options, demo, result.InvocationConfiguration.Output, cancellationToken);
                return 0;
            });
        });
        return command;
    }
}
