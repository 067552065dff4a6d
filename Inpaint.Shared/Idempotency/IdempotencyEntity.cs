using Azure;
using Azure.Data.Tables;

namespace Inpaint.Shared.Idempotency;

/// <summary>A claimed Idempotency-Key: partition = user, row = SHA-256 of the key (keys may hold any characters).</summary>
public sealed class IdempotencyEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string TaskId { get; set; } = "";
    public string RequestHash { get; set; } = "";

    /// <summary><c>creating</c> while the first request is in flight, <c>created</c> once its task exists.</summary>
    public string State { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
