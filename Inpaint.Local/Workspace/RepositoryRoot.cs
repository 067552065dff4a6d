namespace Inpaint.Local.Workspace;

/// <summary>
/// Finds the repository the command runs from (the folder holding <c>Inpaint.sln</c>), so that tools and
/// local data land in git-ignored folders of the clone (<c>.tools/</c>, <c>.local/</c>) rather than in the
/// user's profile. Outside a clone (a published binary) the per-user application-data folder is used.
/// </summary>
public static class RepositoryRoot
{
    const string Marker = "Inpaint.sln";

    /// <summary>The repository root, or <c>null</c> when neither the working directory nor the binary lies in a clone.</summary>
    public static string? Find()
        => FindFrom(Directory.GetCurrentDirectory()) ?? FindFrom(AppContext.BaseDirectory);

    /// <summary>The repository root, or a per-user <c>inpaint</c> folder when there is no clone.</summary>
    public static string FindOrUserFolder()
        => Find() ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "inpaint");

    /// <summary>Walks up from <paramref name="start"/> to the first folder that holds <c>Inpaint.sln</c>.</summary>
    public static string? FindFrom(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
