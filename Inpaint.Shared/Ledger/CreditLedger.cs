using Azure;
using Azure.Data.Tables;
using Inpaint.Shared.Storage;

namespace Inpaint.Shared.Ledger;

/// <summary>
/// Credits per user. Every movement is one entity-group transaction in the user's partition: the balance row
/// (guarded by its ETag) and a movement row keyed by (task, kind). A retry or a replay of the same movement
/// fails on the existing key and changes nothing, so nothing is ever charged or refunded twice.
/// </summary>
public sealed class CreditLedger(StorageClients clients)
{
    public const string Charge = "charge";
    public const string Refund = "refund";
    public const string Grant = "grant";

    private readonly TableClient _table = clients.Tables.GetTableClient(TableNames.Ledger);

    public Task EnsureTableAsync(CancellationToken cancellationToken = default) =>
        _table.CreateIfNotExistsAsync(cancellationToken);

    public async Task<long> BalanceAsync(string user, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetEntityIfExistsAsync<LedgerEntity>(user, LedgerEntity.BalanceRowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.Credits : 0;
    }

    /// <summary>Takes <paramref name="price"/> credits for <paramref name="taskId"/>; false when already charged.</summary>
    public Task<bool> ChargeAsync(string user, string taskId, long price, CancellationToken cancellationToken = default) =>
        MoveAsync(user, $"{taskId}:{Charge}", Charge, taskId, -price, requireCover: true, note: null, cancellationToken);

    /// <summary>Gives back <paramref name="credits"/> for <paramref name="taskId"/>; false when already refunded.</summary>
    public Task<bool> RefundAsync(string user, string taskId, long credits, string note, CancellationToken cancellationToken = default) =>
        credits <= 0
            ? Task.FromResult(false)
            : MoveAsync(user, $"{taskId}:{Refund}", Refund, taskId, credits, requireCover: false, note, cancellationToken);

    /// <summary>An administrator's grant; <paramref name="grantId"/> makes a repeated command harmless.</summary>
    public Task<bool> GrantAsync(string user, long credits, string grantId, string? note = null, CancellationToken cancellationToken = default) =>
        MoveAsync(user, $"{grantId}:{Grant}", Grant, null, credits, requireCover: false, note, cancellationToken);

    /// <summary>Whether <paramref name="taskId"/> has been charged (a point read of its charge row).</summary>
    public async Task<bool> IsChargedAsync(string user, string taskId, CancellationToken cancellationToken = default) =>
        (await _table.GetEntityIfExistsAsync<LedgerEntity>(user, $"{taskId}:{Charge}", cancellationToken: cancellationToken)).HasValue;

    /// <summary>The recorded movements of a user (or of one task) — for audits, the admin command and tests.</summary>
    public async Task<IReadOnlyList<LedgerMovement>> MovementsAsync(string user, string? taskId = null, CancellationToken cancellationToken = default)
    {
        var filter = taskId is null
            ? TableClient.CreateQueryFilter<LedgerEntity>(e => e.PartitionKey == user && e.RowKey != LedgerEntity.BalanceRowKey)
            : TableClient.CreateQueryFilter<LedgerEntity>(e => e.PartitionKey == user && e.TaskId == taskId);
        var movements = new List<LedgerMovement>();
        await foreach (var e in _table.QueryAsync<LedgerEntity>(filter, cancellationToken: cancellationToken))
            movements.Add(new LedgerMovement(e.Kind!, e.TaskId, e.Credits, e.CreatedAt, e.Note));
        return movements;
    }

    /// <summary>Attempts at one movement when the balance row keeps changing under it (about 10 s at most).</summary>
    private const int MaxAttempts = 200;

    private async Task<bool> MoveAsync(
        string user, string movementKey, string kind, string? taskId, long delta, bool requireCover, string? note, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var existing = await _table.GetEntityIfExistsAsync<LedgerEntity>(user, LedgerEntity.BalanceRowKey, cancellationToken: cancellationToken);
            var balance = existing.HasValue ? existing.Value! : null;
            var credits = balance?.Credits ?? 0;
            if (requireCover && credits + delta < 0)
            {
                if (await ExistsAsync(user, movementKey, cancellationToken)) return false;
                throw new InsufficientCreditsException(credits, -delta);
            }

            var now = DateTimeOffset.UtcNow;
            var movement = new LedgerEntity
            {
                PartitionKey = user, RowKey = movementKey, Credits = delta, Kind = kind, TaskId = taskId, Note = note, CreatedAt = now,
            };
            var newBalance = new LedgerEntity { PartitionKey = user, RowKey = LedgerEntity.BalanceRowKey, Credits = credits + delta, CreatedAt = balance?.CreatedAt ?? now };
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.Add, movement),
                balance is null
                    ? new(TableTransactionActionType.Add, newBalance)
                    : new(TableTransactionActionType.UpdateReplace, newBalance, balance.ETag),
            ];
            try
            {
                await _table.SubmitTransactionAsync(actions, cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Either this movement was already applied (its row exists) or the balance changed meanwhile.
                if (await ExistsAsync(user, movementKey, cancellationToken)) return false;

                // Every movement of a user updates one balance row: under a burst of creates (the load bench sends
                // 220 at once) most attempts lose the race. A short random wait that grows with the attempt lets
                // them through one by one instead of retrying in lockstep until the attempts run out (a 500).
                await Task.Delay(Random.Shared.Next(1, Math.Min(100, 5 * (attempt + 1))), cancellationToken);
            }
        }
    }

    private async Task<bool> ExistsAsync(string user, string rowKey, CancellationToken cancellationToken) =>
        (await _table.GetEntityIfExistsAsync<LedgerEntity>(user, rowKey, cancellationToken: cancellationToken)).HasValue;
}
