using System.CommandLine;

namespace Inpaint.Local.Commands;

/// <summary>
/// Where the client commands send their requests: a deployed API (<c>--url</c> + <c>--key</c>, or
/// <c>INPAINT_URL</c> + <c>INPAINT_API_KEY</c>), else the local stack started in-process as <c>demo</c> does.
/// </summary>
sealed class ApiConnectionOptions
{
    public const string UrlVariable = "INPAINT_URL";
    public const string KeyVariable = "INPAINT_API_KEY";

    public StackOptions Stack { get; } = new();

    public Option<string?> Url { get; } = new("--url")
    {
        Description = $"Base URL of a running API (for example https://….azurewebsites.net/api/). Default ${UrlVariable}; without it the local stack starts in-process.",
    };

    public Option<string?> Key { get; } = new("--key")
    {
        Description = $"API key for --url. Default ${KeyVariable}; the local stack uses its development key.",
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON for scripts instead of text." };

    public void AddTo(Command command)
    {
        this.Stack.AddTo(command);
        command.Options.Add(this.Url);
        command.Options.Add(this.Key);
        command.Options.Add(this.Json);
    }
}
