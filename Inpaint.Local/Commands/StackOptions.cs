using System.CommandLine;
using Inpaint.Local.Hosting;

namespace Inpaint.Local.Commands;

/// <summary>The options every command that starts the local stack shares.</summary>
sealed class StackOptions
{
    public Option<string?> Data { get; } = new("--data")
    {
        Description = "Folder for local state (embedded Azurite data, development API key). Default: <repo>/.local",
    };

    public Option<string[]> Settings { get; } = new("--set")
    {
        Description = "A configuration value, Key=Value (for example Storage:ConnectionString=...). Repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(this.Data);
        command.Options.Add(this.Settings);
    }

    /// <summary>Options for <see cref="LocalStack"/> from the parsed command line.</summary>
    public LocalStackOptions Read(ParseResult result)
    {
        var options = new LocalStackOptions();
        if (result.GetValue(this.Data) is { Length: > 0 } data)
        {
            options.DataDirectory = Path.GetFullPath(data);
        }

        foreach (string setting in result.GetValue(this.Settings) ?? [])
        {
            int equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--set expects Key=Value, got '{setting}'.");
            }

            options.Settings[setting[..equals]] = setting[(equals + 1)..];
        }

        return options;
    }
}
