using System.Text.Json.Nodes;
using Inpaint.Shared.Ledger;
using Xunit;

namespace Inpaint.Local.Tests.Faults;

/// <summary>
/// What every fault test asks of a task once the fault is over: it is final, every output it reports can be
/// downloaded, it was charged once, and the ledger is exact (charged − refunded = delivered samples × price).
/// </summary>
sealed record TaskOutcome(string Status, int Delivered, long NetCharge)
{
    static readonly string[] FinalStatuses = ["completed", "failed", "cancelled"];

    public static async Task<TaskOutcome> CheckAsync(JsonObject task, CreditLedger ledger, string user, int creditsPerSample)
    {
        string id = task["_id"]!.GetValue<string>();
        string status = task["status"]!.GetValue<string>();
        Assert.Contains(status, FinalStatuses);

        int delivered = 0;
        using var anonymous = new HttpClient();
        foreach (var sample in task["result"] as JsonArray ?? [])
        {
            var outputs = sample?["output"] as JsonArray ?? [];
            foreach (var file in outputs)
            {
                Assert.NotEmpty(await anonymous.GetByteArrayAsync(file!["url"]!.GetValue<string>()));
            }

            delivered += outputs.Count > 0 ? 1 : 0;
        }

        // The refund is written just after the row turns final (the row decides what is refunded), so a task
        // the API reports as final may be a few milliseconds ahead of its refund: allow it a moment to land.
        var movements = await ledger.MovementsAsync(user, id);
        for (var waited = 0; -movements.Sum(m => m.Credits) != delivered * creditsPerSample && waited < 100; waited++)
        {
            await Task.Delay(100);
            movements = await ledger.MovementsAsync(user, id);
        }

        Assert.Single(movements, m => m.Kind == CreditLedger.Charge);
        long net = -movements.Sum(m => m.Credits);
        Assert.Equal(delivered * creditsPerSample, net);
        return new TaskOutcome(status, delivered, net);
    }
}
