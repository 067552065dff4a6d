using Inpaint.Local.Hosting;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Inpaint.Testing;
using Microsoft.Extensions.Logging;

namespace Inpaint.Local.Tests.Web;

/// <summary>The product's local stack on the collection's Azurite, with its own task hub, for client-side tests.</summary>
static class TestStacks
{
    public static string HubName(string workDirectory) => "web" + Math.Abs(workDirectory.GetHashCode()).ToString("x");

    public static Task<LocalStack> StartAsync(AzuriteFixture azurite, string workDirectory)
    {
        var options = new LocalStackOptions { DataDirectory = workDirectory, MinimumLogLevel = LogLevel.Warning };
        options.Settings["Storage:ConnectionString"] = azurite.ConnectionString;
        options.Settings["DurableTask:HubName"] = HubName(workDirectory);
        return LocalStack.StartAsync(options);
    }

    /// <summary>A key of a new user with <paramref name="credits"/> credits, so a test sees only its own tasks on the shared Azurite.</summary>
    public static async Task<string> NewUserKeyAsync(LocalStack stack, long credits = 100)
    {
        string user = "test-" + Guid.NewGuid().ToString("n")[..12];
        string key = await stack.Services.GetRequiredService<ApiKeyStore>().CreateAsync(user, "test");
        await stack.Services.GetRequiredService<CreditLedger>().GrantAsync(user, credits, "test-grant");
        return key;
    }
}
