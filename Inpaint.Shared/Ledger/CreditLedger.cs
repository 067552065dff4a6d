using Azure;
using Azure.Data.Tables;
using Inpaint.Shared.Storage;

namespace Inpaint.Shared.Ledger;

/// <summary>
/// Credits per user. A user's balance is held in up to <see cref="BalanceShards"/> balance rows of the user's
/// partition, and is their sum. Every movement is one entity-group transaction in that partition: the
/// movement row keyed by (task, kind) plus the balance rows it changes, each guarded by its ETag. A retry or a
/// replay of the same movement fails on the existing key and changes nothing, so nothing is ever charged or
/// refunded twice; a charge only takes from rows that hold enough, and no row goes below zero, so a balance
/// is never overdrawn.
/// </summary>
/// <remarks>
/// Why several rows: with one balance row every charge of a user updates that row, so a burst of creates
/// (the load bench sends 200 at once) serialises on its ETag and most attempts lose the race. A charge takes
/// from one row that covers it, picked at random, so charges of one user contend only when they pick the same
/// row. Grants spread their credits over all rows; refunds land on one random row. When the credits gather in
/// a few rows a charge rewrites all rows evenly in its transaction (rare: it contends with every charge).
/// </remarks>
public sealed class CreditLedger(StorageClients clients)
{
    public const string Charge = "charge";
    public const string Refund = "refund";
    public const string Grant = "grant";

    /// <summary>How many balance rows a user's credits are spread over.</summary>
    public const int BalanceShards = 16;

    private readonly TableClient _table = clients.Tables.GetTableClient(TableNames.Ledger);

    public Task EnsureTableAsync(CancellationToken cancellationToken = default) =>
        _table.CreateIfNotExistsAsync(cancellationToken);

    public async Task<long> BalanceAsync(string user, CancellationToken cancellationToken = default) =>
        (await ReadShardsAsync(user, cancellationToken)).Sum(s => s.Credits);

    /// <summary>Takes <paramref name="price"/> credits for <paramref name="taskId"/>; false when already charged.</summary>
    public Task<bool> ChargeAsync(string user, string taskId, long price, CancellationToken cancellationToken = default) =>
        MoveAsync(user, $"{taskId}:{Charge}", Charge, taskId, -price, note: null, cancellationToken);

    /// <summary>Gives back <paramref name="credits"/> for <paramref name="taskId"/>; false when already refunded.</summary>
    public Task<bool> RefundAsync(string user, string taskId, long credits, string note, CancellationToken cancellationToken = default) =>
        credits <= 0
            ? Task.FromResult(false)
            : MoveAsync(user, $"{taskId}:{Refund}", Refund, taskId, credits, note, cancellationToken);

    /// <summary>An administrator's grant; <paramref name="grantId"/> makes a repeated command harmless.</summary>
    public Task<bool> GrantAsync(string user, long credits, string grantId, string? note = null, CancellationToken cancellationToken = default) =>
        MoveAsync(user, $"{grantId}:{Grant}", Grant, null, credits, note, cancellationToken);

    /// <summary>Whether <paramref name="taskId"/> has been charged (a point read of its charge row).</summary>
    public async Task<bool> IsChargedAsync(string user, string taskId, CancellationToken cancellationToken = default) =>
        (await _table.GetEntityIfExistsAsync<LedgerEntity>(user, $"{taskId}:{Charge}", cancellationToken: cancellationToken)).HasValue;

    /// <summary>The recorded movements of a user (or of one task) — for audits, the admin command and tests.</summary>
    public async Task<IReadOnlyList<LedgerMovement>> MovementsAsync(string user, string? taskId = null, CancellationToken cancellationToken = default)
    {
        var filter = taskId is null
            ? TableClient.CreateQueryFilter<LedgerEntity>(e => e.PartitionKey == user)
            : TableClient.CreateQueryFilter<LedgerEntity>(e => e.PartitionKey == user && e.TaskId == taskId);
        var movements = new List<LedgerMovement>();
        await foreach (var e in _table.QueryAsync<LedgerEntity>(filter, cancellationToken: cancellationToken))
        {
            if (LedgerEntity.IsBalanceRow(e.RowKey)) continue;
            movements.Add(new LedgerMovement(e.Kind!, e.TaskId, e.Credits, e.CreatedAt, e.Note));
        }

        return movements;
    }

    /// <summary>Attempts at one movement when its balance rows keep changing under it.</summary>
    private const int MaxAttempts = 200;

    private async Task<bool> MoveAsync(
        string user, string movementKey, string kind, string? taskId, long delta, string? note, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var shards = await ReadShardsAsync(user, cancellationToken);
            var now = DateTimeOffset.UtcNow;
            var plan = Plan(shards, kind, delta);
            if (plan is null)
            {
                // Not enough credits: unless this very charge was applied before (a replay), refuse it.
                if (await ExistsAsync(user, movementKey, cancellationToken)) return false;
                throw new InsufficientCreditsException(shards.Sum(s => s.Credits), -delta);
            }

            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.Add, new LedgerEntity
                {
                    PartitionKey = user, RowKey = movementKey, Credits = delta, Kind = kind, TaskId = taskId, Note = note, CreatedAt = now,
                }),
            ];
            foreach (var (shard, credits) in plan)
            {
                var row = new LedgerEntity { PartitionKey = user, RowKey = LedgerEntity.BalanceRowKeyOf(shard.Index), Credits = credits, CreatedAt = shard.CreatedAt ?? now };
                actions.Add(shard.ETag is { } etag
                    ? new(TableTransactionActionType.UpdateReplace, row, etag)
                    : new(TableTransactionActionType.Add, row));
            }

            try
            {
                await _table.SubmitTransactionAsync(actions, cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Either this movement was already applied (its row exists) or a balance row changed meanwhile.
                if (await ExistsAsync(user, movementKey, cancellationToken)) return false;

                // A short random wait that grows with the attempt, so that racing movements do not retry in lockstep.
                await Task.Delay(Random.Shared.Next(1, Math.Min(50, 2 * (attempt + 1)) + 1), cancellationToken);
            }
        }
    }

    /// <summary>
    /// The balance rows a movement writes and their new credits, or null when a charge is not covered. Every row
    /// of the plan is written with the ETag it was read with (or added when it did not exist), so a plan made
    /// from rows that changed meanwhile fails as a whole.
    /// </summary>
    private static List<(Shard Shard, long Credits)>? Plan(IReadOnlyList<Shard> shards, string kind, long delta)
    {
        long total = shards.Sum(s => s.Credits);
        if (delta < 0 && total + delta < 0) return null;

        if (kind == Grant)
        {
            // Spread over every row, so that later charges find credits wherever they look.
            return Even(shards, total + delta);
        }

        if (delta >= 0)
        {
            var target = shards[Random.Shared.Next(shards.Count)];
            return [(target, target.Credits + delta)];
        }

        long price = -delta;
        var covering = shards.Where(s => s.Credits >= price).ToArray();

        // The credits sit in few rows while there are enough to give every row a charge's worth: spread them
        // again, or the burst would serialise on those few rows.
        if (covering.Length < shards.Count / 2 && total - price >= shards.Count * price)
            return Even(shards, total - price);
        if (covering.Length > 0)
        {
            var from = covering[Random.Shared.Next(covering.Length)];
            return [(from, from.Credits - price)];
        }

        // Covered only by several rows together (a nearly spent balance): take from the fullest first.
        var plan = new List<(Shard, long)>();
        foreach (var shard in shards.Where(s => s.Credits > 0).OrderByDescending(s => s.Credits))
        {
            long take = Math.Min(shard.Credits, price);
            plan.Add((shard, shard.Credits - take));
            price -= take;
            if (price == 0) break;
        }

        return plan;
    }

    /// <summary>All rows, holding <paramref name="credits"/> between them as evenly as whole credits allow.</summary>
    private static List<(Shard Shard, long Credits)> Even(IReadOnlyList<Shard> shards, long credits)
    {
        long each = credits / shards.Count, rest = credits % shards.Count;
        return shards.Select((s, i) => (s, each + (i < rest ? 1 : 0))).ToList();
    }

    /// <summary>
    /// The user's balance rows, one range query over their row keys; rows not written yet are returned with no
    /// ETag and no credits (a movement that writes one adds it).
    /// </summary>
    private async Task<IReadOnlyList<Shard>> ReadShardsAsync(string user, CancellationToken cancellationToken)
    {
        var shards = Enumerable.Range(0, BalanceShards).Select(i => new Shard(i, 0, null, null)).ToList();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {user} and RowKey ge {LedgerEntity.BalanceRowKey} and RowKey lt {LedgerEntity.BalanceRowKeyEnd}");
        await foreach (var row in _table.QueryAsync<LedgerEntity>(filter, cancellationToken: cancellationToken))
        {
            if (LedgerEntity.ShardOf(row.RowKey) is not { } index) continue;

            // A row beyond BalanceShards (were it ever lowered) still counts and can still be charged.
            while (shards.Count <= index) shards.Add(new Shard(shards.Count, 0, null, null));
            shards[index] = new Shard(index, row.Credits, row.ETag, row.CreatedAt);
        }

        return shards;
    }

    private async Task<bool> ExistsAsync(string user, string rowKey, CancellationToken cancellationToken) =>
        (await _table.GetEntityIfExistsAsync<LedgerEntity>(user, rowKey, cancellationToken: cancellationToken)).HasValue;

    private sealed record Shard(int Index, long Credits, ETag? ETag, DateTimeOffset? CreatedAt);
}
