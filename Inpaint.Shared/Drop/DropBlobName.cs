using System.Diagnostics.CodeAnalysis;

namespace Inpaint.Shared.Drop;

/// <summary>
/// A blob name in the <c>drop</c> container, <c>{batch}/{name}.{extension}</c>: the batch is everything before
/// the last <c>/</c> (it may have several levels), the name is the file name without its extension.
/// </summary>
public sealed record DropBlobName(string Blob, string Batch, string Name, string Extension)
{
    /// <summary>The batch-level args file, <c>drop/{batch}/args.json</c>.</summary>
    public const string BatchArgsFile = "args.json";

    private static readonly string[] ImageExtensions = ["png", "jpg", "jpeg", "webp"];

    /// <summary>A dropped image (png, jpg, jpeg, webp): one task.</summary>
    public bool IsImage => ImageExtensions.Contains(Extension);

    /// <summary>Args files (<c>{name}.json</c>, <c>args.json</c>) are read by their image; they are not tasks.</summary>
    public bool IsArgs => Extension == "json";

    /// <summary>The per-image args beside the image: <c>{batch}/{name}.json</c>.</summary>
    public string ImageArgsBlob => $"{Batch}/{Name}.json";

    public string BatchArgsBlob => $"{Batch}/{BatchArgsFile}";

    public static bool TryParse(string blob, [NotNullWhen(true)] out DropBlobName? name)
    {
        name = null;
        var slash = blob.LastIndexOf('/');
        if (slash <= 0 || slash == blob.Length - 1) return false;
        var file = blob[(slash + 1)..];
        var dot = file.LastIndexOf('.');
        var stem = dot > 0 ? file[..dot] : file;
        var extension = dot > 0 ? file[(dot + 1)..].ToLowerInvariant() : "";
        name = new DropBlobName(blob, blob[..slash].Trim('/'), stem, extension);
        return name.Batch.Length > 0;
    }
}
