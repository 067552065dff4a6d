namespace Inpaint.Shared.Ledger;

/// <summary>One charge, refund or grant as recorded.</summary>
public sealed record LedgerMovement(string Kind, string? TaskId, long Credits, DateTimeOffset CreatedAt, string? Note);
