using Inpaint.Local.Workspace;

namespace Inpaint.Local.Storage.Emulator;

/// <summary>
/// Where the embedded Azurite is installed, where it keeps its data, and how long to wait for it.
/// Bound from the <c>Azurite</c> configuration section (<c>Azurite__DataDirectory</c> and so on).
/// </summary>
public sealed class AzuriteOptions
{
    public const string SectionName = "Azurite";

    /// <summary>The npm package version installed and run.</summary>
    public string Version { get; set; } = "3.37.0";

    /// <summary>npm prefix folder holding <c>node_modules/azurite</c>; default <c>&lt;repo&gt;/.tools/azurite</c>.</summary>
    public string InstallDirectory { get; set; } = Path.Combine(RepositoryRoot.FindOrUserFolder(), ".tools", "azurite");

    /// <summary>Azurite's <c>--location</c>; default <c>&lt;repo&gt;/.local/azurite</c>, so a restart keeps tasks.</summary>
    public string DataDirectory { get; set; } = Path.Combine(RepositoryRoot.FindOrUserFolder(), ".local", "azurite");

    /// <summary>
    /// Loopback port of the blob service; 0 (the default) lets Azurite bind a free port and print it. A fixed
    /// port keeps the connection string stable across restarts of the emulator (clients that cached it, a
    /// restart test), or matches the well-known 10000 for tools that assume it.
    /// </summary>
    public int BlobPort { get; set; }

    /// <summary>Loopback port of the queue service; 0 (the default) is a free port.</summary>
    public int QueuePort { get; set; }

    /// <summary>Loopback port of the table service; 0 (the default) is a free port.</summary>
    public int TablePort { get; set; }

    /// <summary>The Node.js executable (a name on PATH or a full path).</summary>
    public string NodePath { get; set; } = "node";

    /// <summary>The npm executable used to install Azurite when it is missing.</summary>
    public string NpmPath { get; set; } = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";

    /// <summary>How long Azurite may take to listen and answer after its process starts.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long Azurite gets to exit after SIGTERM before its process tree is killed. It usually exits in
    /// well under a second, but it saves its metadata (every 5 s, and on close) only when it exits cleanly,
    /// so a kill can lose the last seconds of writes: on a busy machine it deserves a generous deadline.
    /// </summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long an npm install may take (it runs once per clone).</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
