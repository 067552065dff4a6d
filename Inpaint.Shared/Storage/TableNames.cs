namespace Inpaint.Shared.Storage;

/// <summary>The tables of ARCHITECTURE §4.</summary>
public static class TableNames
{
    public const string Tasks = "tasks";
    public const string Ledger = "ledger";
    public const string ApiKeys = "apikeys";
    public const string Idempotency = "idempotency";

    public static readonly IReadOnlyList<string> All = [Tasks, Ledger, ApiKeys, Idempotency];
}
