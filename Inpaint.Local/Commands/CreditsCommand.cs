using System.CommandLine;
using System.Text.Json.Nodes;
using Inpaint.Local.Hosting;
using Inpaint.Shared.Ledger;

namespace Inpaint.Local.Commands;

/// <summary><c>inpaint credits grant USER N [--note T] [--grant-id ID] | balance USER</c> on the configured storage.</summary>
static class CreditsCommand
{
    public static Command Create()
    {
        var command = new Command("credits", "Grant credits and read balances on the configured storage (embedded Azurite under --data, or --set Storage:ConnectionString=...).");
        command.Subcommands.Add(Grant());
        command.Subcommands.Add(Balance());
        return command;
    }

    static Command Grant()
    {
        var stack = new StackOptions();
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var user = new Argument<string>("USER") { Description = "Who receives the credits." };
        var amount = new Argument<long>("N") { Description = "How many credits (a task costs 2 per sample)." };
        var note = new Option<string?>("--note") { Description = "Why, kept in the ledger row." };
        var grantId = new Option<string?>("--grant-id") { Description = "Makes a repeated command harmless: a second grant with the same id is not applied. Default: a new id." };
        var command = new Command("grant", "Give USER N credits (a ledger row).");
        command.Arguments.Add(user);
        command.Arguments.Add(amount);
        command.Options.Add(note);
        command.Options.Add(grantId);
        command.Options.Add(json);
        stack.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
            await CommandFailure.ReportAsync("credits grant", result.InvocationConfiguration.Error, () =>
            {
                long credits = result.GetValue(amount);
                if (credits <= 0)
                {
                    throw new UsageException($"N must be a positive number of credits, got {credits}.");
                }

                return StorageSession.RunAsync<CreditLedger>(stack, result, cancellationToken, async ledger =>
                {
                    string owner = result.GetValue(user)!;
                    string id = result.GetValue(grantId) ?? $"cli-{Guid.NewGuid():n}";
                    bool applied = await ledger.GrantAsync(owner, credits, id, result.GetValue(note), cancellationToken);
                    long balance = await ledger.BalanceAsync(owner, cancellationToken);
                    var output = result.InvocationConfiguration.Output;
                    if (result.GetValue(json))
                    {
                        CommandOutput.WriteJson(output, new JsonObject { ["user"] = owner, ["granted"] = applied ? credits : 0, ["grantId"] = id, ["balance"] = balance });
                    }
                    else
                    {
                        output.WriteLine(applied
                            ? $"Granted {credits} credits to {owner}; balance {balance}."
                            : $"Grant {id} was already applied; nothing changed. {owner}'s balance: {balance}.");
                    }

                    return ExitCodes.Ok;
                });
            }));
        return command;
    }

    static Command Balance()
    {
        var stack = new StackOptions();
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var user = new Argument<string>("USER") { Description = "Whose balance." };
        var command = new Command("balance", "Print USER's credit balance.");
        command.Arguments.Add(user);
        command.Options.Add(json);
        stack.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
            await CommandFailure.ReportAsync("credits balance", result.InvocationConfiguration.Error, () =>
                StorageSession.RunAsync<CreditLedger>(stack, result, cancellationToken, async ledger =>
                {
                    string owner = result.GetValue(user)!;
                    long balance = await ledger.BalanceAsync(owner, cancellationToken);
                    if (result.GetValue(json))
                    {
                        CommandOutput.WriteJson(result.InvocationConfiguration.Output, new JsonObject { ["user"] = owner, ["balance"] = balance });
                    }
                    else
                    {
                        result.InvocationConfiguration.Output.WriteLine($"{owner}: {balance} credits");
                    }

                    return ExitCodes.Ok;
                })));
        return command;
    }
}
