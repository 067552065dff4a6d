using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inpaint.Local.Workspace;

namespace Inpaint.Local.Tests.Eden;

/// <summary>
/// Eden's official JavaScript SDK, <c>@edenlabs/eden-sdk</c> at the pinned version, installed from npm into the clone's
/// <c>.tools/eden-sdk</c> on first use (as Azurite is), and the scenario scripts in <c>Eden/Scripts</c> run with Node.js
/// against a running API. A missing npm or node fails the test with what to install, never skips it.
/// </summary>
static class EdenSdk
{
    public const string Version = "0.4.6";

    /// <summary>The member of a script's result that holds its console output.</summary>
    public const string LogField = "_log";
    const string Package = "@edenlabs/eden-sdk";

    static readonly string InstallDirectory = Path.Combine(RepositoryRoot.FindOrUserFolder(), ".tools", "eden-sdk");
    static readonly string PackageDirectory = Path.Combine(InstallDirectory, "node_modules", "@edenlabs", "eden-sdk");
    static readonly SemaphoreSlim InstallGate = new(1, 1);

    static bool IsInstalled()
    {
        string manifest = Path.Combine(PackageDirectory, "package.json");
        return File.Exists(manifest) && JsonNode.Parse(File.ReadAllText(manifest))?["version"]?.GetValue<string>() == Version;
    }

    public static async Task<string> EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (IsInstalled()) return PackageDirectory;
            Directory.CreateDirectory(InstallDirectory);
            // One installer at a time across processes (parallel test runs): an exclusive lock file, then re-check.
            await using var installLock = await LockAsync(Path.Combine(InstallDirectory, ".install.lock"));
            if (IsInstalled()) return PackageDirectory;
            var (code, output) = await RunAsync("npm", InstallDirectory, new Dictionary<string, string>(), TimeSpan.FromMinutes(5),
                "install", "--prefix", InstallDirectory, "--no-audit", "--no-fund", "--loglevel=error", $"{Package}@{Version}");
            Assert.True(code == 0 && IsInstalled(), $"npm install {Package}@{Version} failed ({code}):\n{output}");
            return PackageDirectory;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    /// <summary>Runs <c>Scripts/{script}</c> with Node.js and returns the JSON it reports on its <c>RESULT</c> line.</summary>
    public static async Task<JsonObject> RunAsync(string script, Uri api, string key, IDictionary<string, string>? environment = null)
    {
        var module = await EnsureInstalledAsync();
        var scripts = Path.Combine(AppContext.BaseDirectory, "Eden", "Scripts");
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["EDEN_SDK_MODULE"] = module,
            // Exactly as a user migrating from Eden would write it: the API's root, no trailing slash.
            ["EDEN_URL"] = api.ToString().TrimEnd('/'),
            ["EDEN_KEY"] = key,
        };
        var (code, output) = await RunAsync("node", scripts, variables, TimeSpan.FromMinutes(4), Path.Combine(scripts, script));
        Assert.True(code == 0, $"{script} exited with {code}:\n{output}");
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        Assert.True(line is not null, $"{script} reported no RESULT line:\n{output}");
        var result = JsonNode.Parse(line["RESULT ".Length..])!.AsObject();
        result[LogField] = output; // what the SDK logged, for assertion messages
        return result;
    }

    static async Task<(int Code, string Output)> RunAsync(string program, string directory, IDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;

        using var process = new Process { StartInfo = start };
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"'{program}' was not found ({e.Message}); the Eden SDK tests need Node.js 20 or later with npm");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (output) return (-1, $"timed out after {timeout}:\n{output}");
        }

        process.WaitForExit(); // drains the output readers
        lock (output) return (process.ExitCode, output.ToString());
    }

    static async Task<FileStream> LockAsync(string path)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.Elapsed < TimeSpan.FromMinutes(5))
            {
                await Task.Delay(250);
            }
        }
    }

    public static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    public static int Number(JsonNode? node) => node?.GetValue<int>() ?? -1;

    public static string Show(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
}
