using System.Text.Json.Nodes;
using Inpaint.Local.Commands;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Local.Tests.Web;
using Inpaint.Testing;

namespace Inpaint.Local.Tests.Commands;

/// <summary><c>keys</c> and <c>credits</c> on the configured storage (<c>--set Storage:ConnectionString</c>), checked through the API.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AdminCommandsTests(AzuriteFixture azurite) : IDisposable
{
    readonly string workDirectory = AzuriteFixture.NewDataDirectory();

    [Fact]
    public async Task A_created_key_works_until_it_is_revoked_and_granted_credits_show_in_the_balance()
    {
        await using var stack = await TestStacks.StartAsync(azurite, this.workDirectory);
        string user = "cli-" + Guid.NewGuid().ToString("n")[..8];

        var created = await this.Admin("keys", "create", user, "--name", "laptop", "--json");
        Assert.Equal(ExitCodes.Ok, created.Exit);
        var answer = JsonNode.Parse(created.Output)!;
        string key = answer["key"]!.GetValue<string>();
        string keyId = answer["keyId"]!.GetValue<string>();

        // The new user has no tasks yet, and no credits: a task is refused with 402 (exit 4).
        var tasks = await ClientCommandsTests.RunRaw("tasks", "--url", stack.BaseAddress.ToString(), "--key", key);
        Assert.Equal(ExitCodes.Ok, tasks.Exit);
        Assert.Equal("No tasks.", tasks.Output.Trim());

        var granted = await this.Admin("credits", "grant", user, "10", "--grant-id", "welcome");
        Assert.Equal(ExitCodes.Ok, granted.Exit);
        Assert.Equal($"Granted 10 credits to {user}; balance 10.", granted.Output.Trim());
        var again = await this.Admin("credits", "grant", user, "10", "--grant-id", "welcome");
        Assert.Contains("already applied", again.Output);
        var balance = await this.Admin("credits", "balance", user, "--json");
        Assert.Equal(10, JsonNode.Parse(balance.Output)!["balance"]!.GetValue<long>());

        var list = await this.Admin("keys", "list", user);
        Assert.Equal(ExitCodes.Ok, list.Exit);
        Assert.Contains(keyId, list.Output);
        Assert.Contains("laptop", list.Output);
        Assert.DoesNotContain(key, list.Output);

        Assert.Equal(ExitCodes.Ok, (await this.Admin("keys", "revoke", keyId)).Exit);
        var refused = await ClientCommandsTests.RunRaw("tasks", "--url", stack.BaseAddress.ToString(), "--key", key);
        Assert.Equal(ExitCodes.Refused, refused.Exit);
        Assert.Contains("401", refused.Error);
        Assert.Equal(ExitCodes.Refused, (await this.Admin("keys", "revoke", "000000000000")).Exit);
        Assert.Equal(ExitCodes.Usage, (await this.Admin("credits", "grant", user, "0")).Exit);
    }

    public void Dispose() => AzuriteFixture.DeleteDirectory(this.workDirectory);

    Task<(int Exit, string Output, string Error)> Admin(params string[] args)
    {
        string data = Path.Combine(this.workDirectory, "admin");
        return ClientCommandsTests.RunRaw([.. args, "--data", data, "--set", $"Storage:ConnectionString={azurite.ConnectionString}", "--set", $"DurableTask:HubName={TestStacks.HubName(data)}"]);
    }
}
