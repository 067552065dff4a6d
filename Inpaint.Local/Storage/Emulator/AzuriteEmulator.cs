using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inpaint.Local.Storage.Emulator;

/// <summary>
/// A running Azurite (blob, queue and table) on loopback ports, started as a child Node.js process.
/// By default Azurite binds port 0 for each service and prints the port it got, so there is no race for a
/// port; <see cref="AzuriteOptions.BlobPort"/> and its siblings fix them (a restart over the same data
/// folder on the same ports keeps every client's connection string valid).
/// <see cref="StopAsync"/> sends SIGTERM and waits up to <see cref="AzuriteOptions.StopTimeout"/> (Azurite
/// can ignore SIGTERM for a long time while clients hold keep-alive connections), then kills the tree.
/// A small script loaded into the Node process first makes Azurite ignore the terminal's Ctrl+C (the host
/// stops it after its own clients) and ends Azurite if this process dies without stopping it.
/// </summary>
public sealed partial class AzuriteEmulator : IAsyncDisposable
{
    /// <summary>The well-known development account and key every Azurite accepts.</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    const string PreloadScript = """
        // Written by Inpaint.Local and loaded before Azurite (node --require).
        //
        // Ctrl+C in a terminal reaches every process of the foreground group, Azurite included, but the .NET
        // host must stop its own clients before storage goes away: it stops Azurite itself (SIGTERM). So
        // Azurite ignores SIGINT (a listener of ours keeps Node from exiting; Azurite's own is dropped).
        process.on('SIGINT', () => {});
        const once = process.once;
        process.once = function (event, listener) {
          return event === 'SIGINT' ? this : once.call(this, event, listener);
        };

        // If the .NET process dies without stopping Azurite (a crash, a killed test run), stop with it.
        const parent = Number(process.env.INPAINT_AZURITE_PARENT_PID);
        if (parent > 0) {
          setInterval(() => {
            try { process.kill(parent, 0); }
            catch (e) {
              if (e.code === 'ESRCH') {
                process.kill(process.pid, 'SIGTERM');
                setTimeout(() => process.exit(0), 10000).unref();
              }
            }
          }, 1000).unref();
        }
        """;

    readonly Process process;
    readonly AzuriteOptions options;
    readonly ILogger logger;
    readonly OutputTail output;
    int stopped;
    bool disposed;

    AzuriteEmulator(Process process, AzuriteOptions options, ILogger logger, OutputTail output, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        this.options = options;
        this.logger = logger;
        this.output = output;
        this.BlobPort = blobPort;
        this.QueuePort = queuePort;
        this.TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public int ProcessId => this.process.Id;

    /// <summary>True once the Azurite process has ended (always true after <see cref="DisposeAsync"/>).</summary>
    public bool HasExited => this.disposed || this.process.HasExited;

    /// <summary>Explicit connection string for the three endpoints (the short <c>UseDevelopmentStorage=true</c> form assumes the default ports).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{this.BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{this.QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{this.TablePort}/{AccountName};";

    /// <summary>Installs Azurite if it is missing, starts it over <see cref="AzuriteOptions.DataDirectory"/> and waits until it answers.</summary>
    public static async Task<AzuriteEmulator> StartAsync(AzuriteOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        string entryPoint = await new AzuriteInstaller(options, logger).EnsureInstalledAsync(cancellationToken);
        string preload = Path.Combine(options.InstallDirectory, "inpaint-azurite-preload.js");
        if (!File.Exists(preload) || File.ReadAllText(preload) != PreloadScript)
        {
            File.WriteAllText(preload, PreloadScript);
        }

        Directory.CreateDirectory(options.DataDirectory);
        var start = new ProcessStartInfo(options.NodePath)
        {
            WorkingDirectory = options.DataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["INPAINT_AZURITE_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        foreach (string arg in new[]
        {
            "--require", preload, entryPoint,
            "--blobHost", "127.0.0.1", "--blobPort", Port(options.BlobPort, nameof(options.BlobPort)),
            "--queueHost", "127.0.0.1", "--queuePort", Port(options.QueuePort, nameof(options.QueuePort)),
            "--tableHost", "127.0.0.1", "--tablePort", Port(options.TablePort, nameof(options.TablePort)),
            "--location", options.DataDirectory,
            "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var output = new OutputTail(40);
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            output.Add(e.Data);
            if (e.Data is not null && ListeningLine().Match(e.Data) is { Success: true } match)
            {
                lock (ports)
                {
                    ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
                    {
                        listening.TrySetResult();
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new AzuriteException(
            $"Azurite exited during start-up (data folder {options.DataDirectory}). Output:{Environment.NewLine}{output}"));

        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new AzuriteException(
                $"Node.js ('{options.NodePath}') was not found, so the embedded Azurite cannot start. Install Node.js 20 or later, or set Storage__ConnectionString to an existing storage account.", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await listening.Task.WaitAsync(options.StartTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or AzuriteException)
        {
            KillTree(process);
            process.Dispose();
            if (ex is TimeoutException)
            {
                throw new AzuriteException($"Azurite did not listen within {options.StartTimeout}. Output:{Environment.NewLine}{output}");
            }

            throw;
        }

        var emulator = new AzuriteEmulator(process, options, logger, output, ports["Blob"], ports["Queue"], ports["Table"]);
        try
        {
            await emulator.WaitUntilAnsweringAsync(cancellationToken);
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }

        logger.LogInformation(
            "Azurite {Version} listening on 127.0.0.1 (blob {BlobPort}, queue {QueuePort}, table {TablePort}), data in {DataDirectory}",
            options.Version, emulator.BlobPort, emulator.QueuePort, emulator.TablePort, options.DataDirectory);
        return emulator;
    }

    /// <summary>Stops Azurite: SIGTERM, a deadline, then the whole process tree is killed. Safe to call twice.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref this.stopped, 1) == 1 || this.process.HasExited)
        {
            return;
        }

        if (!OperatingSystem.IsWindows() && SendSignal(this.process.Id, SigTerm) == 0)
        {
            using var deadline = new CancellationTokenSource(this.options.StopTimeout);
            try
            {
                await this.process.WaitForExitAsync(deadline.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                this.logger.LogWarning("Azurite ignored SIGTERM for {Timeout}; killing it", this.options.StopTimeout);
            }
        }

        KillTree(this.process);
        await this.process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await this.StopAsync();
        this.disposed = true;
        this.process.Dispose();
    }

    /// <summary>Output Azurite printed last (for diagnostics).</summary>
    public string RecentOutput => this.output.ToString();

    async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(this.options.StartTimeout);
        foreach (int port in new[] { this.BlobPort, this.QueuePort, this.TablePort })
        {
            while (true)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(System.Net.IPAddress.Loopback, port, timeout.Token);
                    break;
                }
                catch (SocketException) when (!this.process.HasExited)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
                }
                catch (SocketException ex)
                {
                    throw new AzuriteException($"Azurite exited before it answered on port {port}. Output:{Environment.NewLine}{this.output}", ex);
                }
            }
        }
    }

    /// <summary>A configured port as Azurite's argument (0: a free one).</summary>
    static string Port(int port, string name) => port is >= 0 and <= 65535
        ? port.ToString(CultureInfo.InvariantCulture)
        : throw new AzuriteException($"Azurite:{name} must be a port between 0 (a free one) and 65535, not {port}.");

    static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int SendSignal(int pid, int signal);

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at https?://[^\s]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
