using Inpaint.Local.Storage.Emulator;

namespace Inpaint.Testing;

/// <summary>
/// One real Azurite for a test collection, on free loopback ports over a fresh temporary data folder.
/// Installs Azurite from npm on first use (into the clone's <c>.tools/azurite</c>), so <c>dotnet test</c>
/// works from a fresh clone with only .NET and Node.js. Use it with <c>[Collection(AzuriteCollection.Name)]</c>
/// and read <see cref="ConnectionString"/>; give each test its own container, table or task hub name.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    AzuriteEmulator? emulator;

    /// <summary>The data folder of this fixture's Azurite (deleted when the collection ends).</summary>
    public string DataDirectory { get; } = NewDataDirectory();

    public AzuriteEmulator Emulator => this.emulator ?? throw new InvalidOperationException("Azurite has not started.");

    public string ConnectionString => this.Emulator.ConnectionString;

    /// <summary>Options for an Azurite over a new temporary data folder (the install folder is the clone's).</summary>
    public static AzuriteOptions OptionsFor(string dataDirectory) => new() { DataDirectory = dataDirectory };

    /// <summary>A new empty temporary folder for an Azurite's data.</summary>
    public static string NewDataDirectory()
        => Path.Combine(Path.GetTempPath(), "inpaint-tests", "azurite-" + Guid.NewGuid().ToString("n")[..12]);

    public async Task InitializeAsync()
        => this.emulator = await AzuriteEmulator.StartAsync(OptionsFor(this.DataDirectory));

    public async Task DisposeAsync()
    {
        if (this.emulator is not null)
        {
            await this.emulator.DisposeAsync();
        }

        DeleteDirectory(this.DataDirectory);
    }

    /// <summary>Deletes a test data folder, ignoring one that is already gone.</summary>
    public static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
