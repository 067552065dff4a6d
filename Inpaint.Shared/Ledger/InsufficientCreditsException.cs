namespace Inpaint.Shared.Ledger;

/// <summary>The caller's balance does not cover the task's price: 402, nothing charged.</summary>
public sealed class InsufficientCreditsException(long balance, long price)
    : Exception($"this task costs {price} credits and the balance is {balance}")
{
    public long Balance { get; } = balance;

    public long Price { get; } = price;
}
