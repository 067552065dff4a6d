using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inpaint.Local.Storage.Emulator;

/// <summary>
/// Installs the pinned Azurite from npm into <see cref="AzuriteOptions.InstallDirectory"/> when it is not
/// there yet. Several processes (parallel test runs, a server and a test) may ask at once: a lock file
/// makes one of them install while the others wait, then re-check.
/// </summary>
public sealed class AzuriteInstaller(AzuriteOptions options, ILogger? logger = null)
{
    readonly ILogger logger = logger ?? NullLogger.Instance;

    /// <summary>Path of <c>azurite.js</c> inside the install folder (whether or not it exists yet).</summary>
    public string EntryPoint => Path.Combine(this.PackageDirectory, "dist", "src", "azurite.js");

    string PackageDirectory => Path.Combine(options.InstallDirectory, "node_modules", "azurite");

    /// <summary>True when the pinned version is installed.</summary>
    public bool IsInstalled()
    {
        string manifest = Path.Combine(this.PackageDirectory, "package.json");
        if (!File.Exists(manifest) || !File.Exists(this.EntryPoint))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
            return doc.RootElement.TryGetProperty("version", out var version) && version.GetString() == options.Version;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Installs Azurite if needed and returns the path of its entry script.</summary>
    public async Task<string> EnsureInstalledAsync(CancellationToken cancellationToken = default)
    {
        if (this.IsInstalled())
        {
            return this.EntryPoint;
        }

        Directory.CreateDirectory(options.InstallDirectory);
        await using var installLock = await AcquireLockAsync(Path.Combine(options.InstallDirectory, ".install.lock"), options.InstallTimeout, cancellationToken);

        // Another process may have installed it while this one waited for the lock.
        if (this.IsInstalled())
        {
            return this.EntryPoint;
        }

        this.logger.LogInformation("Installing azurite@{Version} into {Directory} (once per clone)", options.Version, options.InstallDirectory);
        await this.RunNpmInstallAsync(cancellationToken);

        if (!this.IsInstalled())
        {
            throw new AzuriteException($"npm finished but azurite@{options.Version} is not in {this.PackageDirectory}.");
        }

        return this.EntryPoint;
    }

    async Task RunNpmInstallAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.NpmPath)
        {
            WorkingDirectory = options.InstallDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "install", "--prefix", options.InstallDirectory, "--no-audit", "--no-fund", "--loglevel=error", $"azurite@{options.Version}" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = start };
        var output = new OutputTail(40);
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new AzuriteException(
                $"npm ('{options.NpmPath}') was not found, so Azurite cannot be installed. Install Node.js 20 or later, or set Storage__ConnectionString to an existing storage account.", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.InstallTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new AzuriteException($"npm install azurite@{options.Version} did not finish within {options.InstallTimeout}. Output:{Environment.NewLine}{output}");
        }

        if (process.ExitCode != 0)
        {
            throw new AzuriteException($"npm install azurite@{options.Version} failed with exit code {process.ExitCode}. Output:{Environment.NewLine}{output}");
        }
    }

    static async Task<FileStream> AcquireLockAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock across processes (flock on Unix).
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }
}
