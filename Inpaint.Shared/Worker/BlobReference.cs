namespace Inpaint.Shared.Worker;

/// <summary>
/// Where an image or mask lives in Blob storage: a container and blob name in the worker's own account,
/// or a URL (a SAS URL) inside that account. Pixels never travel in the worker's JSON.
/// </summary>
public sealed record BlobReference(string? Container = null, string? Name = null, Uri? Url = null)
{
    public static BlobReference In(string container, string name) => new(container, name);

    public static BlobReference At(Uri url) => new(Url: url);

    public override string ToString() => Url is not null ? Url.GetLeftPart(UriPartial.Path) : $"{Container}/{Name}";
}
