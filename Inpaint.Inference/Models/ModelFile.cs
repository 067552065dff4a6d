using System.Text.Json.Serialization;

namespace Inpaint.Inference.Models;

/// <summary>
/// One file of a model: its path inside the model's directory, what it is for (<see cref="Role"/>), where it
/// comes from, and its size and SHA-256 when known. A file whose hash the catalog does not know is hashed on
/// first download and the hash recorded in the installed manifest, so later verifies check against it.
/// </summary>
public sealed record ModelFile
{
    /// <summary>Relative path with forward slashes, e.g. <c>onnx/model.onnx</c>.</summary>
    public required string Path { get; init; }

    /// <summary>What the engine uses it for: <c>model</c>, <c>encoder</c>, <c>decoder</c>, <c>tokenizer</c>, <c>config</c>.</summary>
    public required string Role { get; init; }

    /// <summary>Download address (Hugging Face <c>resolve</c> URL or any HTTP(S) server with Range support).</summary>
    public string? Url { get; init; }

    /// <summary>Size in bytes; null when not known in advance.</summary>
    public long? Size { get; init; }

    /// <summary>Lower-case hex SHA-256; null when not known in advance.</summary>
    public string? Sha256 { get; init; }

    [JsonIgnore]
    public string LocalPath => Path.Replace('/', System.IO.Path.DirectorySeparatorChar);
}
