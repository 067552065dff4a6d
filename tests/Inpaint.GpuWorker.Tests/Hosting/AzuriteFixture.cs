extern alias local;

using local::Inpaint.Local.Storage.Emulator;

namespace Inpaint.GpuWorker.Tests.Hosting;

/// <summary>
/// One real Azurite for the worker tests, started through the local stack's launcher
/// (<see cref="AzuriteEmulator"/>: free loopback ports, npm install on first use) over a fresh data folder.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "inpaint-tests", "worker-azurite-" + Guid.NewGuid().ToString("n")[..12]);
    private AzuriteEmulator? emulator;

    public string ConnectionString => (emulator ?? throw new InvalidOperationException("Azurite has not started")).ConnectionString;

    public async Task InitializeAsync() =>
        emulator = await AzuriteEmulator.StartAsync(new AzuriteOptions { DataDirectory = dataDirectory });

    public async Task DisposeAsync()
    {
        if (emulator is not null)
            await emulator.DisposeAsync();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
