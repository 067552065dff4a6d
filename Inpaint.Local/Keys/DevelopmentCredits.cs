using Inpaint.Shared.Ledger;

namespace Inpaint.Local.Keys;

/// <summary>
/// Keeps the local development user able to run tasks: at each start of the stack, a balance below
/// <see cref="Floor"/> is topped up to <see cref="Target"/> with a ledger grant (visible in the ledger like
/// any administrator's grant). Only the local stack does this; Azure never grants credits by itself.
/// </summary>
public static class DevelopmentCredits
{
    public const long Floor = 100;

    public const long Target = 1000;

    /// <summary>Tops the balance up if needed and returns the balance after it.</summary>
    public static async Task<long> EnsureAsync(CreditLedger ledger, string user, CancellationToken cancellationToken)
    {
        long balance = await ledger.BalanceAsync(user, cancellationToken);
        if (balance >= Floor)
        {
            return balance;
        }

        await ledger.GrantAsync(user, Target - balance, $"local-start-{Guid.NewGuid():n}", "local development top-up", cancellationToken);
        return await ledger.BalanceAsync(user, cancellationToken);
    }
}
