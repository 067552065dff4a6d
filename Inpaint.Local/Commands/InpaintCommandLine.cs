using System.CommandLine;
using Inpaint.Local.Hosting;

namespace Inpaint.Local.Commands;

/// <summary>The <c>inpaint</c> command and its subcommands.</summary>
public static class InpaintCommandLine
{
    /// <param name="compose">Fills the local stack's composition hooks with the product (see <see cref="InpaintComposition"/>).</param>
    public static RootCommand Create(Func<LocalStackOptions, LocalStackOptions> compose)
    {
        var root = new RootCommand("inpaint: replace part of an image, on this machine.");
        root.Subcommands.Add(ServeCommand.Create(compose));
        root.Subcommands.Add(DemoCommand.Create(compose));
        return root;
    }

    /// <summary>
    /// Runs the command line. Ctrl+C is left to the web host, which stops gracefully (Azurite included);
    /// System.CommandLine's own handler would end the process after a fixed timeout.
    /// </summary>
    public static Task<int> RunAsync(string[] args, Func<LocalStackOptions, LocalStackOptions> compose, TextWriter? output = null, TextWriter? error = null)
        => Create(compose).Parse(args).InvokeAsync(new InvocationConfiguration
        {
            ProcessTerminationTimeout = null,
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
        });
}
