namespace Inpaint.Local.Hosting;

/// <summary>
/// Held while a local stack runs its embedded Azurite over a data folder (a <c>.lock</c> file in it): two Azurites over one folder
/// would corrupt each other's metadata, so a second <c>serve</c> or <c>demo</c> is refused with a clear message.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    readonly FileStream stream;

    DataDirectoryLock(FileStream stream) => this.stream = stream;

    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        string path = Path.Combine(dataDirectory, ".lock");
        try
        {
            return new DataDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"Another inpaint serve or demo is using {dataDirectory}. Stop it, or pass --data with another folder.", ex);
        }
    }

    public void Dispose() => this.stream.Dispose();
}
