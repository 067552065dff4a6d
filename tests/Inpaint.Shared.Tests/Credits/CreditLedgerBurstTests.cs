using Azure.Data.Tables;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Storage;
using Inpaint.Testing;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Tests.Credits;

/// <summary>
/// One user's burst of charges on real Azurite: all at once, every charge applied exactly once, the balance
/// exact, never below zero, replays harmless — whatever the order the storage serves them in.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CreditLedgerBurstTests(AzuriteFixture azurite)
{
    private async Task<CreditLedger> LedgerAsync()
    {
        var ledger = new CreditLedger(new StorageClients(Options.Create(new StorageOptions { ConnectionString = azurite.ConnectionString })));
        await ledger.EnsureTableAsync();
        return ledger;
    }

    private static string NewUser() => "burst-" + Guid.NewGuid().ToString("n")[..12];

    [Fact]
    public async Task A_hundred_concurrent_charges_of_one_user_are_each_applied_once_and_the_balance_is_exact()
    {
        var ledger = await LedgerAsync();
        var user = NewUser();
        Assert.True(await ledger.GrantAsync(user, 1000, "start"));

        var charged = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => ledger.ChargeAsync(user, $"task{i}", 4)));

        Assert.All(charged, Assert.True);
        Assert.Equal(1000 - 100 * 4, await ledger.BalanceAsync(user));
        var movements = await ledger.MovementsAsync(user);
        Assert.Equal(100, movements.Count(m => m.Kind == CreditLedger.Charge));
        Assert.Equal(100, movements.Where(m => m.Kind == CreditLedger.Charge).Select(m => m.TaskId).Distinct().Count());
        Assert.Equal(await ledger.BalanceAsync(user), movements.Sum(m => m.Credits));
    }

    [Fact]
    public async Task When_credits_are_short_a_burst_takes_exactly_what_is_there_and_refuses_the_rest()
    {
        var ledger = await LedgerAsync();
        var user = NewUser();
        Assert.True(await ledger.GrantAsync(user, 50, "small"));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            try
            {
                return await ledger.ChargeAsync(user, $"task{i}", 2) ? "charged" : "replay";
            }
            catch (InsufficientCreditsException)
            {
                return "refused";
            }
        }));

        Assert.Equal(25, outcomes.Count(o => o == "charged"));
        Assert.Equal(75, outcomes.Count(o => o == "refused"));
        Assert.Equal(0, await ledger.BalanceAsync(user));
        Assert.All(await BalanceRowsAsync(user), credits => Assert.True(credits >= 0, $"a balance row holds {credits}"));
        Assert.Equal(25, (await ledger.MovementsAsync(user)).Count(m => m.Kind == CreditLedger.Charge));
    }

    [Fact]
    public async Task Concurrent_replays_of_the_same_charges_change_nothing_after_the_first()
    {
        var ledger = await LedgerAsync();
        var user = NewUser();
        Assert.True(await ledger.GrantAsync(user, 500, "start"));

        // Each of 20 tasks charged five times at once (a create retried, the reconciler racing it).
        var attempts = Enumerable.Range(0, 20).SelectMany(i => Enumerable.Repeat($"task{i}", 5)).ToArray();
        Random.Shared.Shuffle(attempts);
        var applied = await Task.WhenAll(attempts.Select(async id => (id, applied: await ledger.ChargeAsync(user, id, 3))));

        Assert.All(applied.GroupBy(a => a.id), g => Assert.Equal(1, g.Count(a => a.applied)));
        Assert.Equal(500 - 20 * 3, await ledger.BalanceAsync(user));

        // And refunds replayed at once, mixed with new charges: each refund once, the balance still exact.
        var refunds = Enumerable.Range(0, 20).SelectMany(i => Enumerable.Repeat($"task{i}", 3))
            .Select(id => ledger.RefundAsync(user, id, 3, "replayed"));
        var more = Enumerable.Range(20, 30).Select(i => ledger.ChargeAsync(user, $"task{i}", 3));
        await Task.WhenAll(refunds.Concat(more));

        Assert.Equal(500 - 30 * 3, await ledger.BalanceAsync(user));
        Assert.Equal(20, (await ledger.MovementsAsync(user)).Count(m => m.Kind == CreditLedger.Refund));
    }

    [Fact]
    public async Task A_balance_held_in_the_single_row_of_before_is_read_charged_and_spread()
    {
        var ledger = await LedgerAsync();
        var user = NewUser();
        var table = new TableClient(azurite.ConnectionString, TableNames.Ledger);
        await table.AddEntityAsync(new LedgerEntity { PartitionKey = user, RowKey = LedgerEntity.BalanceRowKey, Credits = 300, CreatedAt = DateTimeOffset.UtcNow });

        Assert.Equal(300, await ledger.BalanceAsync(user));
        var charged = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => ledger.ChargeAsync(user, $"task{i}", 2)));

        Assert.All(charged, Assert.True);
        Assert.Equal(300 - 40 * 2, await ledger.BalanceAsync(user));
        Assert.True((await BalanceRowsAsync(user)).Count > 1, "the credits stayed in one row");
        Assert.DoesNotContain(await ledger.MovementsAsync(user), m => m.Kind is null);
    }

    private async Task<List<long>> BalanceRowsAsync(string user)
    {
        var table = new TableClient(azurite.ConnectionString, TableNames.Ledger);
        var rows = new List<long>();
        await foreach (var row in table.QueryAsync<LedgerEntity>(e => e.PartitionKey == user))
        {
            if (LedgerEntity.IsBalanceRow(row.RowKey)) rows.Add(row.Credits);
        }

        return rows;
    }
}
