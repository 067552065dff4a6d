using System.Text;

namespace Inpaint.Local.Tests.Fuzzing;

/// <summary>The framing lies a raw request tells, and the bytes of such a request.</summary>
public static class RawFraming
{
    public const string LongerThanSent = "Content-Length longer than the body, then the client stops sending";
    public const string ShorterThanSent = "Content-Length shorter than the body";
    public const string NotANumber = "Content-Length: abc";
    public const string Negative = "Content-Length: -1";
    public const string TwoLengths = "two different Content-Length headers";
    public const string BadChunks = "Transfer-Encoding: chunked with a bad chunk";
    public const string ChunkedAndLength = "Transfer-Encoding: chunked and a Content-Length";
    public const string NoHost = "no Host header";
    public const string BadHost = "Host: a b";
    public const string Latin1Header = "a header value of Latin-1 bytes";
    public const string HugeHeader = "a 40 KB header";

    public static readonly string[] All =
        [LongerThanSent, ShorterThanSent, NotANumber, Negative, TwoLengths, BadChunks, ChunkedAndLength, NoHost, BadHost, Latin1Header, HugeHeader];

    /// <summary>The request head (without its final blank line) and body, and whether to stop sending after them.</summary>
    public static (string Head, byte[] Body, bool HalfClose) Build(FuzzRequest request)
    {
        var body = request.Body ?? [];
        var head = new StringBuilder($"{request.Method} {request.PathAndQuery} HTTP/1.1\r\n");
        var host = request.Headers.FirstOrDefault(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)).Value ?? "localhost";
        switch (request.Framing)
        {
            case NoHost: break;
            case BadHost: head.Append("Host: a b\r\n"); break;
            default: head.Append($"Host: {host}\r\n"); break;
        }

        foreach (var (name, value) in request.Headers.Where(h => !h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)))
            head.Append($"{name}: {value}\r\n");
        var halfClose = false;
        switch (request.Framing)
        {
            case LongerThanSent:
                head.Append($"Content-Length: {body.Length + 10}\r\n");
                halfClose = true;
                break;
            case ShorterThanSent: head.Append($"Content-Length: {Math.Max(0, body.Length - 1)}\r\n"); break;
            case NotANumber: head.Append("Content-Length: abc\r\n"); break;
            case Negative: head.Append("Content-Length: -1\r\n"); break;
            case TwoLengths: head.Append($"Content-Length: {body.Length}\r\nContent-Length: {body.Length + 1}\r\n"); break;
            case BadChunks:
                head.Append("Transfer-Encoding: chunked\r\n");
                body = [.. Encoding.ASCII.GetBytes($"{body.Length + 5:x}\r\n"), .. body, .. "\r\nzz\r\n"u8];
                halfClose = true;
                break;
            case ChunkedAndLength:
                head.Append($"Transfer-Encoding: chunked\r\nContent-Length: {body.Length}\r\n");
                body = [.. Encoding.ASCII.GetBytes($"{body.Length:x}\r\n"), .. body, .. "\r\n0\r\n\r\n"u8];
                break;
            case Latin1Header: head.Append($"Content-Length: {body.Length}\r\nX-Note: caf\u00e9 \u00ff\r\n"); break;
            case HugeHeader: head.Append($"Content-Length: {body.Length}\r\nX-Note: {new string('n', 40_000)}\r\n"); break;
            default: head.Append($"Content-Length: {body.Length}\r\n"); break;
        }

        head.Append("Connection: close");
        return (head.ToString(), body, halfClose);
    }
}
