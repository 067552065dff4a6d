using Inpaint.Local.Workspace;

namespace Inpaint.Testing;

/// <summary>The clone the test binaries run from (<see cref="RepositoryRoot"/>), and the build outputs tests read in it.</summary>
public static class Checkout
{
    public static string Root { get; } = RepositoryRoot.FindFrom(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException($"No Inpaint.sln above {AppContext.BaseDirectory}.");

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>
    /// The <c>functions.metadata</c> the Function App's build writes (what the Functions host registers), from the
    /// same configuration and framework as the running test binaries (tests/X/bin/&lt;Config&gt;/&lt;tfm&gt;/).
    /// </summary>
    public static string FunctionsMetadataPath()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Combine("Inpaint.Functions", "bin", testBin.Parent!.Name, testBin.Name, "functions.metadata");
        if (!File.Exists(path)) throw new FileNotFoundException($"functions.metadata not found at {path}; build Inpaint.Functions first", path);
        return path;
    }
}
