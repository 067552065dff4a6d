using Inpaint.Shared.Keys;

namespace Inpaint.Local.Keys;

/// <summary>
/// The API key of the local development user <c>dev</c>: created on the first start, kept in plain text
/// in the stack's data folder (readable by the owner only), and reused while the store still accepts it.
/// </summary>
public static class DevelopmentApiKey
{
    public const string User = "dev";

    public static async Task<string> EnsureAsync(ApiKeyStore store, string path, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            string saved = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
            if (saved.Length > 0 && await store.AuthenticateAsync(saved, cancellationToken) == User)
            {
                return saved;
            }
        }

        // First start, or the storage behind the saved key was reset: make a new key.
        string key = await store.CreateAsync(User, "local development key", cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, key + Environment.NewLine, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}
