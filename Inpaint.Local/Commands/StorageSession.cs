using System.CommandLine;
using Inpaint.Local.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inpaint.Local.Commands;

/// <summary>
/// The configured storage for an administrator's command (<c>keys</c>, <c>credits</c>): the local stack is started
/// (embedded Azurite over <c>--data</c>, or <c>--set Storage:ConnectionString=…</c>) without provisioning the
/// development key, and the domain's stores are taken from it.
/// </summary>
static class StorageSession
{
    public static async Task<int> RunAsync<TService>(
        StackOptions stack, ParseResult result, CancellationToken cancellationToken, Func<TService, Task<int>> action)
        where TService : notnull
    {
        var options = stack.Read(result);
        options.MinimumLogLevel = LogLevel.Warning;
        options.ProvisionApiKey = false;
        await using var running = await LocalStack.StartAsync(options, cancellationToken);
        return await action(running.Services.GetRequiredService<TService>());
    }
}
