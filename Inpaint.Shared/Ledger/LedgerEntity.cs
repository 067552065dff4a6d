using Azure;
using Azure.Data.Tables;

namespace Inpaint.Shared.Ledger;

/// <summary>
/// A row of the <c>ledger</c> table. Partition = user. The balance rows have row keys <see cref="BalanceRowKey"/>
/// (row 0, the only one before balances were spread) and <c>balance-01</c>, <c>balance-02</c> ('#' is not allowed in a key), …; each
/// charge, refund or grant has row key <c>{id}:{kind}</c>, so the same movement can never be written twice
/// (and, holding a colon, never reads as a balance row).
/// </summary>
public sealed class LedgerEntity : ITableEntity
{
    public const string BalanceRowKey = "balance";

    /// <summary>Just above every balance row key in ordinal order ('.' follows '-'): the end of their range.</summary>
    public const string BalanceRowKeyEnd = "balance.";

    public static string BalanceRowKeyOf(int shard) =>
        shard == 0 ? BalanceRowKey : $"{BalanceRowKey}-{shard.ToString("00", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The balance row index of <paramref name="rowKey"/>, or null for a movement row.</summary>
    public static int? ShardOf(string rowKey)
    {
        if (rowKey == BalanceRowKey) return 0;
        if (rowKey.Length == BalanceRowKey.Length + 3 && rowKey.StartsWith(BalanceRowKey + "-", StringComparison.Ordinal)
            && int.TryParse(rowKey.AsSpan(BalanceRowKey.Length + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var shard)
            && shard > 0)
            return shard;
        return null;
    }

    public static bool IsBalanceRow(string rowKey) => ShardOf(rowKey) is not null;

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>Balance rows: credits available in that row. Movement rows: the signed change (charge negative).</summary>
    public long Credits { get; set; }

    /// <summary>Movement rows: <c>charge</c>, <c>refund</c> or <c>grant</c>.</summary>
    public string? Kind { get; set; }

    public string? TaskId { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
