using Inpaint.Local.Workspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inpaint.Local.Hosting;

/// <summary>What one run of the local stack (<c>inpaint serve</c>, <c>inpaint demo</c>, an end-to-end test) starts.</summary>
public sealed class LocalStackOptions
{
    /// <summary>
    /// Folder of the stack's local state: the embedded Azurite's data (<c>azurite/</c>) and the development
    /// API key (<c>dev-api-key.txt</c>). Default <c>&lt;repo&gt;/.local</c>, so a restart keeps tasks and key.
    /// </summary>
    public string DataDirectory { get; set; } = Path.Combine(RepositoryRoot.FindOrUserFolder(), ".local");

    /// <summary>Where the HTTP API listens; default a free loopback port. Configuration <c>urls</c> (<c>--urls</c>) also works.</summary>
    public string? Urls { get; set; }

    /// <summary>Least severe log level shown for the stack's own messages (the storage provider, Kestrel and the SDK show warnings only).</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Information;

    /// <summary>Command-line style configuration (<c>--Storage:ConnectionString=…</c>), read after appsettings and the environment.</summary>
    public string[] ConfigurationArgs { get; set; } = [];

    /// <summary>Extra configuration values, read last (tests use it to set a task hub name or a storage account).</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether to create the development user's API key (<c>dev-api-key.txt</c>) and its credits when the stack
    /// starts; the administrator's commands (<c>keys</c>, <c>credits</c>) turn it off.
    /// </summary>
    public bool ProvisionApiKey { get; set; } = true;

    /// <summary>
    /// Tests' and benchmarks' one hook: runs after the product's registrations (<see cref="InpaintComposition"/>),
    /// so what it registers wins (for example a quick <c>IGenerationEngine</c>).
    /// </summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }
}
