using System.CommandLine;
using Inpaint.Local.Hosting;

namespace Inpaint.Local.Commands;

/// <summary>The <c>inpaint</c> command and its subcommands.</summary>
public static class InpaintCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "inpaint: replace part of an image, on this machine or against a deployed API (--url, --key or INPAINT_URL, INPAINT_API_KEY).\n"
            + ExitCodes.Help);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ReplaceCommand.Create());
        root.Subcommands.Add(BatchCommand.Create());
        root.Subcommands.Add(TasksCommand.Create());
        root.Subcommands.Add(TaskCommand.Create());
        root.Subcommands.Add(CancelCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(CreditsCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());

        // `models` parses its own arguments (RunAsync hands them over untouched); listed here for --help.
        var models = new Command("models", "Manage model files: list | pull NAME | verify [NAME] | import DIR [--name NAME], with --dir and --catalog.");
        models.SetAction((result, cancellationToken) => ModelsCommand.RunAsync(["--help"], result.InvocationConfiguration.Output, cancellationToken));
        root.Subcommands.Add(models);
        return root;
    }

    /// <summary>
    /// Runs the command line. Ctrl+C is left to the web host, which stops gracefully (Azurite included);
    /// System.CommandLine's own handler would end the process after a fixed timeout.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        if (args is ["models", .. var modelArgs])
        {
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                return await ModelsCommand.RunAsync(modelArgs, output ?? Console.Out, cancel.Token);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }

        var configuration = new InvocationConfiguration
        {
            ProcessTerminationTimeout = null,
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
        };
        var parsed = Create().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Bad arguments: the parser's messages and the usage, exit code 2 (System.CommandLine itself returns 1).
            await parsed.InvokeAsync(configuration);
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(configuration);
    }
}
