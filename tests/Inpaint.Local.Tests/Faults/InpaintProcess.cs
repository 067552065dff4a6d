using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Inpaint.Local.Tests.Faults;

/// <summary>
/// The <c>inpaint</c> command (the <c>inpaint.dll</c> built next to these tests) as a separate process, so a
/// test can kill it the hard way (<c>kill -9</c> of the whole tree) and start it again. Its output lines are
/// kept, so a test can wait for one.
/// </summary>
sealed class InpaintProcess : IAsyncDisposable
{
    readonly Process process;
    readonly ConcurrentQueue<string> lines = new();
    readonly SemaphoreSlim lineAdded = new(0);

    InpaintProcess(Process process) => this.process = process;

    public int Id => this.process.Id;

    public bool HasExited => this.process.HasExited;

    /// <summary>Everything it has printed so far (for failure messages).</summary>
    public string Output => string.Join(Environment.NewLine, this.lines);

    /// <summary>Starts <c>inpaint ARGS</c>.</summary>
    public static InpaintProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "inpaint.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        var process = new Process { StartInfo = start };
        var child = new InpaintProcess(process);
        process.OutputDataReceived += (_, e) => child.Add(e.Data);
        process.ErrorDataReceived += (_, e) => child.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    void Add(string? line)
    {
        if (line is not null)
        {
            this.lines.Enqueue(line);
            this.lineAdded.Release();
        }
    }

    /// <summary>Waits until a line (printed before or after the call) matches, and returns the match.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            foreach (string line in this.lines)
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    return match;
                }
            }

            if (this.process.HasExited)
            {
                throw new InvalidOperationException($"inpaint exited ({this.process.ExitCode}) before printing /{pattern}/:{Environment.NewLine}{this.Output}");
            }

            try
            {
                await this.lineAdded.WaitAsync(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"inpaint printed no line matching /{pattern}/ within {timeout}:{Environment.NewLine}{this.Output}");
            }
        }
    }

    /// <summary>Kills the process and its children at once (SIGKILL: no shutdown code runs) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (!this.process.HasExited)
        {
            this.process.Kill(entireProcessTree: true);
        }

        await this.process.WaitForExitAsync();
    }

    /// <summary>A loopback port that was free a moment ago (for a process that must come back on the same port).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await this.KillAsync();
        this.process.Dispose();
        this.lineAdded.Dispose();
    }
}
