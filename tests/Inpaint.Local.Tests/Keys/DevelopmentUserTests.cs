using Inpaint.Local.Keys;
using Inpaint.Local.Tests.Storage.Emulator;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Storage;
using Inpaint.Testing;
using Microsoft.Extensions.Options;

namespace Inpaint.Local.Tests.Keys;

[Collection(AzuriteCollection.Name)]
public sealed class DevelopmentUserTests(AzuriteFixture azurite) : IDisposable
{
    readonly string folder = AzuriteFixture.NewDataDirectory();

    [Fact]
    public async Task The_saved_key_is_reused_and_replaced_when_the_store_no_longer_knows_it()
    {
        var keys = new ApiKeyStore(this.Clients());
        await keys.EnsureTableAsync();
        string path = Path.Combine(this.folder, "dev-api-key.txt");

        string first = await DevelopmentApiKey.EnsureAsync(keys, path, default);
        Assert.Equal(DevelopmentApiKey.User, await keys.AuthenticateAsync(first));
        Assert.Equal(first, await DevelopmentApiKey.EnsureAsync(keys, path, default));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        // A key the store does not know (storage reset, another account) is replaced, not trusted.
        await File.WriteAllTextAsync(path, "ik_0000000000000000000000000000000000000000000000");
        string replaced = await DevelopmentApiKey.EnsureAsync(keys, path, default);
        Assert.NotEqual(first, replaced);
        Assert.Equal(DevelopmentApiKey.User, await keys.AuthenticateAsync(replaced));
        Assert.Equal(replaced, (await File.ReadAllTextAsync(path)).Trim());
    }

    [Fact]
    public async Task Credits_are_topped_up_below_the_floor_and_left_alone_above_it()
    {
        var ledger = new CreditLedger(this.Clients());
        await ledger.EnsureTableAsync();
        string user = "dev-" + Guid.NewGuid().ToString("n")[..8];

        Assert.Equal(DevelopmentCredits.Target, await DevelopmentCredits.EnsureAsync(ledger, user, default));
        Assert.Equal(DevelopmentCredits.Target, await DevelopmentCredits.EnsureAsync(ledger, user, default));

        Assert.True(await ledger.ChargeAsync(user, "task1", DevelopmentCredits.Target - DevelopmentCredits.Floor + 1));
        Assert.Equal(DevelopmentCredits.Target, await DevelopmentCredits.EnsureAsync(ledger, user, default));
        Assert.Equal(2, (await ledger.MovementsAsync(user)).Count(m => m.Kind == CreditLedger.Grant));
    }

    public void Dispose() => AzuriteFixture.DeleteDirectory(this.folder);

    StorageClients Clients() => new(Options.Create(new StorageOptions { ConnectionString = azurite.ConnectionString }));
}
