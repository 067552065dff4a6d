using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Inpaint.Shared.Tests.Inputs;

/// <summary>
/// A loopback HTTP/1.1 server that answers each request with whatever its handler writes on the raw stream,
/// so tests can send redirects, oversize or endless bodies, or nothing at all. Counts the requests it saw.
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource stop = new();
    readonly Func<string, Stream, CancellationToken, Task> handler;
    readonly Task loop;
    int requests;

    public RawHttpServer(Func<string, Stream, CancellationToken, Task> handler)
    {
        this.handler = handler;
        this.listener.Start();
        this.loop = Task.Run(this.AcceptAsync);
    }

    public int Port => ((IPEndPoint)this.listener.LocalEndpoint).Port;

    public int Requests => Volatile.Read(ref this.requests);

    /// <summary>A complete response with a body and <c>Connection: close</c>.</summary>
    public static async Task WriteAsync(Stream stream, string status, string headers, byte[] body, CancellationToken cancellationToken)
    {
        var head = $"HTTP/1.1 {status}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n{headers}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
    }

    public static Task RedirectAsync(Stream stream, string location, CancellationToken cancellationToken)
        => WriteAsync(stream, "302 Found", $"Location: {location}\r\n", [], cancellationToken);

    async Task AcceptAsync()
    {
        while (!this.stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await this.listener.AcceptTcpClientAsync(this.stop.Token);
            }
            catch (Exception) when (this.stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        var path = await ReadRequestPathAsync(stream, this.stop.Token);
                        Interlocked.Increment(ref this.requests);
                        await this.handler(path, stream, this.stop.Token);
                    }
                    catch (Exception)
                    {
                        // The client went away (a refused download closes early): nothing to do.
                    }
                }
            });
        }
    }

    static async Task<string> ReadRequestPathAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0) break;
            head.Append((char)one[0]);
        }

        var requestLine = head.ToString().Split("\r\n")[0].Split(' ');
        return requestLine.Length > 1 ? requestLine[1] : "/";
    }

    public async ValueTask DisposeAsync()
    {
        await this.stop.CancelAsync();
        this.listener.Stop();
        await this.loop;
        this.stop.Dispose();
    }
}
