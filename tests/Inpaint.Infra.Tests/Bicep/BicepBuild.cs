using System.Diagnostics;
using System.Text.Json;

namespace Inpaint.Infra.Tests.Bicep;

/// <summary>
/// Runs <c>infra/bicep/lint.sh</c> once per test run (build, build-params, lint and snapshot, warnings as
/// errors, with the Bicep CLI restored from NuGet) and exposes its result, the compiled ARM template and
/// the deployment snapshot.
/// </summary>
public sealed class BicepBuild
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public BicepBuild()
    {
        var script = RepositoryRoot.Combine("infra", "bicep", "lint.sh");
        var start = new ProcessStartInfo("bash", [script])
        {
            WorkingDirectory = RepositoryRoot.FullPath,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} ran longer than {Limit}.");
        }

        ExitCode = process.ExitCode;
        Output = stdout.Result + stderr.Result;
        OutputDirectory = RepositoryRoot.Combine(".tools", "bicep", "out");
    }

    public int ExitCode { get; }

    /// <summary>Everything the script printed (diagnostics included).</summary>
    public string Output { get; }

    public string OutputDirectory { get; }

    /// <summary>main.bicep compiled to ARM JSON.</summary>
    public JsonElement Template => Read("main.json");

    /// <summary>main.bicepparam compiled to an ARM parameters file.</summary>
    public JsonElement Parameters => Read("main.parameters.json");

    /// <summary>`bicep snapshot` of main.bicepparam: the resources a deployment would create, loops expanded.</summary>
    public DeploymentSnapshot Snapshot => new(Read("main.snapshot.json"));

    private JsonElement Read(string file)
    {
        Assert.True(ExitCode == 0, $"lint.sh failed (exit {ExitCode}):\n{Output}");
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutputDirectory, file)));
        return document.RootElement.Clone();
    }
}
