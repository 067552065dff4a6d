using Azure.Storage.Blobs;

namespace Inpaint.Inference.Models;

/// <summary>
/// The models directory: one folder per model holding its files and <c>manifest.json</c>. The manifest is
/// written last, after every file has been checked and renamed into place, so a model is either installed
/// whole or not at all. Filled by <see cref="PullAsync"/> (HTTP, resumable), <see cref="ImportAsync"/>
/// (a local folder) or <see cref="FillFromBlobAsync"/> (an Azure Blob container).
/// </summary>
public sealed class ModelStore(string root) : IModelCatalog
{
    /// <summary>Environment variable that moves the models directory.</summary>
    public const string RootVariable = "INPAINT_MODELS";

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary><c>$INPAINT_MODELS</c>, else <c>~/.inpaint/models</c>.</summary>
    public static string DefaultRoot =>
        Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } env
            ? env
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".inpaint", "models");

    public string DirectoryOf(string name)
    {
        if (name.Length == 0 || name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
            throw new ArgumentException($"'{name}' is not a model name.", nameof(name));
        return Path.Combine(Root, name);
    }

    /// <summary>Absolute path of the file with <paramref name="role"/> of an installed model.</summary>
    public string PathOf(ModelManifest manifest, string role) =>
        Path.Combine(DirectoryOf(manifest.Name), manifest.File(role).LocalPath);

    /// <summary>The installed models' manifests, by name.</summary>
    public IReadOnlyList<ModelManifest> List()
    {
        if (!Directory.Exists(Root)) return [];
        var manifests = new List<ModelManifest>();
        foreach (var dir in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(dir, ModelManifest.FileName);
            if (File.Exists(path)) manifests.Add(ModelManifest.Read(path));
        }
        return manifests;
    }

    public ModelManifest? Find(string name)
    {
        var path = Path.Combine(DirectoryOf(name), ModelManifest.FileName);
        return File.Exists(path) ? ModelManifest.Read(path) : null;
    }

    public bool IsInstalled(string name)
    {
        var manifest = Find(name);
        if (manifest is null) return false;
        foreach (var f in manifest.Files)
        {
            var info = new FileInfo(Path.Combine(DirectoryOf(name), f.LocalPath));
            if (!info.Exists || (f.Size is { } size && info.Length != size)) return false;
        }
        return true;
    }

    public ModelManifest Require(string name) =>
        IsInstalled(name) ? Find(name)! : throw new ModelMissingException(name, InstallHint(name));

    public static string InstallHint(string name) =>
        $"install it with 'inpaint models pull {name}' (or 'inpaint models import DIR'), or copy it into the models directory (${RootVariable})";

    /// <summary>Checks every file's size and SHA-256 against the installed manifest.</summary>
    public async Task<ModelVerification> VerifyAsync(string name, CancellationToken cancellationToken)
    {
        var manifest = Find(name);
        if (manifest is null) return new ModelVerification(name, ["not installed (no manifest)"]);
        var problems = new List<string>();
        foreach (var f in manifest.Files)
        {
            var path = Path.Combine(DirectoryOf(name), f.LocalPath);
            if (!File.Exists(path))
            {
                problems.Add($"{f.Path}: missing");
                continue;
            }
            var (problem, _, _) = await FileHashes.CheckAsync(path, f, cancellationToken).ConfigureAwait(false);
            if (problem is not null) problems.Add($"{f.Path}: {problem}");
        }
        return new ModelVerification(name, problems);
    }

    /// <summary>Downloads every file of <paramref name="manifest"/> that is not already present and valid.</summary>
    public async Task<ModelManifest> PullAsync(ModelManifest manifest, HttpClient http, IProgress<ModelTransferProgress>? progress, CancellationToken cancellationToken)
    {
        var dir = DirectoryOf(manifest.Name);
        Directory.CreateDirectory(dir);
        var downloader = new ModelDownloader(http);
        var files = new List<ModelFile>();
        foreach (var f in manifest.Files)
        {
            var destination = Path.Combine(dir, f.LocalPath);
            if (File.Exists(destination))
            {
                var (problem, sha, size) = await FileHashes.CheckAsync(destination, f, cancellationToken).ConfigureAwait(false);
                if (problem is null)
                {
                    files.Add(f with { Size = size, Sha256 = sha });
                    progress?.Report(new ModelTransferProgress(manifest.Name, f.Path, size, size));
                    continue;
                }
                File.Delete(destination);
            }
            files.Add(await downloader.DownloadAsync(manifest.Name, f, destination, progress, cancellationToken).ConfigureAwait(false));
        }
        var installed = manifest with { Files = files };
        installed.Write(Path.Combine(dir, ModelManifest.FileName));
        return installed;
    }

    /// <summary>
    /// Copies a model folder (its <c>manifest.json</c> plus files, or files laid out as
    /// <paramref name="manifest"/> describes) into the store, checking sizes and hashes.
    /// </summary>
    public async Task<ModelManifest> ImportAsync(string source, ModelManifest? manifest, IProgress<ModelTransferProgress>? progress, CancellationToken cancellationToken)
    {
        var manifestPath = Path.Combine(source, ModelManifest.FileName);
        manifest ??= File.Exists(manifestPath)
            ? ModelManifest.Read(manifestPath)
            : throw new FileNotFoundException($"{source} has no {ModelManifest.FileName}; name a known model or add one.", manifestPath);

        var dir = DirectoryOf(manifest.Name);
        Directory.CreateDirectory(dir);
        var files = new List<ModelFile>();
        foreach (var f in manifest.Files)
        {
            var from = Path.Combine(source, f.LocalPath);
            if (!File.Exists(from)) throw new ModelIntegrityException(manifest.Name, f.Path, $"missing from {source}");
            var (problem, sha, size) = await FileHashes.CheckAsync(from, f, cancellationToken).ConfigureAwait(false);
            if (problem is not null) throw new ModelIntegrityException(manifest.Name, f.Path, problem);

            var destination = Path.Combine(dir, f.LocalPath);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            var partial = destination + ".partial";
            await using (var input = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true))
            await using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
                await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            File.Move(partial, destination, overwrite: true);
            files.Add(f with { Size = size, Sha256 = sha });
            progress?.Report(new ModelTransferProgress(manifest.Name, f.Path, size, size));
        }
        var installed = manifest with { Files = files };
        installed.Write(Path.Combine(dir, ModelManifest.FileName));
        return installed;
    }

    /// <summary>
    /// Fills the store from an Azure Blob container laid out like the store itself:
    /// <c>{name}/manifest.json</c> and <c>{name}/{file path}</c>. The GPU worker uses it at start-up.
    /// </summary>
    public async Task<ModelManifest> FillFromBlobAsync(BlobContainerClient container, string name, IProgress<ModelTransferProgress>? progress, CancellationToken cancellationToken)
    {
        var dir = DirectoryOf(name);
        Directory.CreateDirectory(dir);
        var staged = Path.Combine(dir, ModelManifest.FileName + ".blob");
        await container.GetBlobClient($"{name}/{ModelManifest.FileName}").DownloadToAsync(staged, cancellationToken).ConfigureAwait(false);
        var manifest = ModelManifest.Read(staged);
        File.Delete(staged);
        if (manifest.Name != name)
            throw new InvalidDataException($"Blob manifest for '{name}' names a different model, '{manifest.Name}'.");

        var files = new List<ModelFile>();
        foreach (var f in manifest.Files)
        {
            var destination = Path.Combine(dir, f.LocalPath);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            var partial = destination + ".partial";
            await container.GetBlobClient($"{name}/{f.Path}").DownloadToAsync(partial, cancellationToken).ConfigureAwait(false);
            var (problem, sha, size) = await FileHashes.CheckAsync(partial, f, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                File.Delete(partial);
                throw new ModelIntegrityException(name, f.Path, problem);
            }
            File.Move(partial, destination, overwrite: true);
            files.Add(f with { Size = size, Sha256 = sha });
            progress?.Report(new ModelTransferProgress(name, f.Path, size, size));
        }
        var installed = manifest with { Files = files };
        installed.Write(Path.Combine(dir, ModelManifest.FileName));
        return installed;
    }
}
