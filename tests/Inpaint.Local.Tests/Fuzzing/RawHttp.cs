using System.Net.Sockets;
using System.Text;

namespace Inpaint.Local.Tests.Fuzzing;

/// <summary>
/// Sends bytes that <see cref="HttpClient"/> refuses to send (a Content-Length that lies, two of them, a Host
/// that is not one) over a plain socket and reads the one answer (the request asks to close the connection).
/// </summary>
public static class RawHttp
{
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string? ContentType => this.Headers.GetValueOrDefault("content-type");

        public bool ClosesConnection => this.Headers.GetValueOrDefault("connection")?.Contains("close", StringComparison.OrdinalIgnoreCase) == true;
    }

    /// <summary>The server closed the connection without a byte of answer (status 0).</summary>
    public static readonly Answer NoAnswer = new(0, new Dictionary<string, string>(), []);

    /// <param name="head">The request line and headers, without the blank line that ends them.</param>
    /// <param name="halfClose">Shut our sending side after the body, as a client that stops short does.</param>
    public static async Task<Answer> SendAsync(Uri server, string head, byte[] body, bool halfClose = false, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancel.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head.TrimEnd('\r', '\n') + "\r\n\r\n"), cancel.Token);
        await stream.WriteAsync(body, cancel.Token);
        if (halfClose) client.Client.Shutdown(SocketShutdown.Send);

        using var received = new MemoryStream();
        try
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancel.Token)) > 0)
            {
                received.Write(buffer, 0, read);
                // A stream of server-sent events that started (2xx) does not end by itself: as on the HttpClient
                // path, its headers are the answer; an error answer is read whole.
                if (IsOpenEventStream(received)) break;
            }
        }
        catch (IOException)
        {
            // The server reset the connection (after answering, or instead of it): what arrived is what counts.
        }

        return received.Length == 0 ? NoAnswer : Parse(received.ToArray());
    }

    static bool IsOpenEventStream(MemoryStream received)
    {
        var bytes = received.GetBuffer().AsSpan(0, (int)received.Length);
        var end = bytes.IndexOf("\r\n\r\n"u8);
        if (end < 0) return false;
        var head = Encoding.Latin1.GetString(bytes[..end]);
        return head.StartsWith("HTTP/1.1 2", StringComparison.Ordinal) && head.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
    }

    static Answer Parse(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0) throw new InvalidDataException($"no complete answer ({bytes.Length} bytes): {Encoding.Latin1.GetString(bytes)}");
        var lines = Encoding.Latin1.GetString(bytes, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = bytes.AsSpan(end + 4);
        return new Answer(status, headers, headers.GetValueOrDefault("transfer-encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true
            ? Unchunk(body)
            : body.ToArray());
    }

    static byte[] Unchunk(ReadOnlySpan<byte> body)
    {
        using var output = new MemoryStream();
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n"u8);
            if (lineEnd < 0) break;
            var sizeText = Encoding.ASCII.GetString(body[..lineEnd]).Split(';')[0];
            var size = Convert.ToInt32(sizeText, 16);
            if (size == 0) break;
            output.Write(body.Slice(lineEnd + 2, size));
            body = body[(lineEnd + 2 + size + 2)..];
        }

        return output.ToArray();
    }
}
