namespace Inpaint.Infra.Tests;

/// <summary>The checkout the tests run from: the nearest folder above the test binaries that holds Inpaint.sln.</summary>
internal static class RepositoryRoot
{
    public static string FullPath { get; } = Find();

    public static string Combine(params string[] parts) => Path.Combine([FullPath, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Inpaint.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Inpaint.sln above {AppContext.BaseDirectory}.");
    }
}
