using System.Security.Cryptography;

namespace Inpaint.Inference.Models;

/// <summary>SHA-256 of files, streamed (model files are hundreds of megabytes).</summary>
public static class FileHashes
{
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Checks a finished file against the manifest entry: null when it matches, else the problem.
    /// Returns the actual hash through <paramref name="sha256"/> so unknown hashes can be recorded.</summary>
    public static async Task<(string? Problem, string Sha256, long Size)> CheckAsync(string path, ModelFile file, CancellationToken cancellationToken)
    {
        // The size of what is read, not FileInfo.Length: for a symbolic link that is the link's own size (30
        // bytes recorded beside the target's hash made an imported model "incomplete").
        long size;
        using (var opened = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
            size = opened.Length;
        if (file.Size is { } expected && expected != size)
            return ($"size is {size} bytes, the manifest says {expected}", "", size);
        var sha = await Sha256Async(path, cancellationToken).ConfigureAwait(false);
        if (file.Sha256 is { } want && !string.Equals(want, sha, StringComparison.OrdinalIgnoreCase))
            return ($"SHA-256 is {sha}, the manifest says {want}", sha, size);
        return (null, sha, size);
    }
}
