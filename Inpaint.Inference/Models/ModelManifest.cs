using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inpaint.Inference.Models;

/// <summary>
/// What the store knows about one model: <c>models/{name}/manifest.json</c> beside its files.
/// </summary>
public sealed record ModelManifest
{
    public const string FileName = "manifest.json";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The name used in configuration and on the command line (<c>clipseg-rd64-refined</c>).</summary>
    public required string Name { get; init; }

    public required ModelFamily Family { get; init; }

    /// <summary>Where the export was published (its repository page), for people.</summary>
    public string? Source { get; init; }

    public required IReadOnlyList<ModelFile> Files { get; init; }

    /// <summary>What the model is for, in a few words, for <c>inpaint models list</c>.</summary>
    public string? Purpose { get; init; }

    /// <summary>The weights' licence as published (SPDX id where one exists), for <c>inpaint models list</c>.</summary>
    public string? License { get; init; }

    /// <summary>Image preprocessing for image models; null for others.</summary>
    public ImagePreprocessing? Preprocessing { get; init; }

    /// <summary>The file with <paramref name="role"/>; throws naming the model when the manifest has none.</summary>
    public ModelFile File(string role) =>
        Files.FirstOrDefault(f => f.Role == role)
        ?? throw new InvalidOperationException($"Model '{Name}' has no file with role '{role}'.");

    public long? TotalSize => Files.All(f => f.Size is not null) ? Files.Sum(f => f.Size!.Value) : null;

    public static ModelManifest Read(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        return JsonSerializer.Deserialize<ModelManifest>(stream, Json)
            ?? throw new InvalidDataException($"{path} is not a model manifest.");
    }

    public static IReadOnlyList<ModelManifest> ReadCatalog(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        return JsonSerializer.Deserialize<List<ModelManifest>>(stream, Json)
            ?? throw new InvalidDataException($"{path} is not a list of model manifests.");
    }

    /// <summary>Writes through a temporary file and a rename, so a crash never leaves half a manifest.</summary>
    public void Write(string path)
    {
        var temp = path + ".tmp";
        System.IO.File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
        System.IO.File.Move(temp, path, overwrite: true);
    }
}
