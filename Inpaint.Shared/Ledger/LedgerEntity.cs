using Azure;
using Azure.Data.Tables;

namespace Inpaint.Shared.Ledger;

/// <summary>
/// A row of the <c>ledger</c> table. Partition = user. The balance row has row key <see cref="BalanceRowKey"/>;
/// each charge or refund has row key <c>{taskId}:{kind}</c>, so the same movement can never be written twice.
/// </summary>
public sealed class LedgerEntity : ITableEntity
{
    public const string BalanceRowKey = "balance";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>Balance row: credits available. Movement rows: the signed change (charge negative).</summary>
    public long Credits { get; set; }

    /// <summary>Movement rows: <c>charge</c>, <c>refund</c> or <c>grant</c>.</summary>
    public string? Kind { get; set; }

    public string? TaskId { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
