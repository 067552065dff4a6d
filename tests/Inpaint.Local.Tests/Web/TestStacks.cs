using Inpaint.Local.Hosting;
using Inpaint.Testing;
using Microsoft.Extensions.Logging;

namespace Inpaint.Local.Tests.Web;

/// <summary>The product's local stack on the collection's Azurite, with its own task hub, for client-side tests.</summary>
static class TestStacks
{
    public static string HubName(string workDirectory) => "web" + Math.Abs(workDirectory.GetHashCode()).ToString("x");

    public static Task<LocalStack> StartAsync(AzuriteFixture azurite, string workDirectory)
    {
        var options = InpaintComposition.Apply(new LocalStackOptions { DataDirectory = workDirectory, MinimumLogLevel = LogLevel.Warning });
        options.Settings["Storage:ConnectionString"] = azurite.ConnectionString;
        options.Settings["DurableTask:HubName"] = HubName(workDirectory);
        return LocalStack.StartAsync(options);
    }
}
