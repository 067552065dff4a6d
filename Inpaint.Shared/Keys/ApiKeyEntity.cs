using Azure;
using Azure.Data.Tables;

namespace Inpaint.Shared.Keys;

/// <summary>A key's row: partition = SHA-256 of the key (hex), so the key itself is never stored.</summary>
public sealed class ApiKeyEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>A short public id (the hash's first 12 hex digits) to list and revoke a key by.</summary>
    public string KeyId { get; set; } = "";

    public string User { get; set; } = "";
    public string Name { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
