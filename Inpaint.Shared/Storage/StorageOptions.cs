namespace Inpaint.Shared.Storage;

/// <summary>
/// Where blobs and tables live. Locally a connection string (Azurite); in Azure the service URIs and the
/// client id of the user-assigned managed identity — no keys in app settings.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>A storage connection string (Azurite or a real account). Wins over the URIs when set.</summary>
    public string? ConnectionString { get; set; }

    public Uri? BlobServiceUri { get; set; }

    public Uri? TableServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity; empty for the default credential chain.</summary>
    public string? ClientId { get; set; }
}
