using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Inputs;

/// <summary>
/// Downloads a URL the caller gave us without letting them reach our network: only http(s) as configured,
/// every connection's resolved address checked by <see cref="AddressPolicy"/> (so DNS rebinding and
/// redirects to internal hosts fail too), redirects followed by hand and re-checked, and byte/time limits.
/// The same guard sends webhooks (<see cref="PostAsync"/>): one guard for every outbound call a caller chooses.
/// </summary>
public sealed class UrlFetcher : IDisposable
{
    private readonly FetchOptions _options;
    private readonly HttpClient _http;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly Func<IPAddress, bool> _isAllowed;

    public UrlFetcher(IOptions<FetchOptions> options)
        : this(options.Value, (host, ct) => Dns.GetHostAddressesAsync(host, ct))
    {
    }

    /// <summary>
    /// Test seam: <paramref name="resolve"/> replaces DNS, so the guard can be tested without a network, and
    /// <paramref name="isAllowed"/> replaces <see cref="AddressPolicy.IsPublic"/> — only tests pass one, to let
    /// a loopback receiver in; nothing in configuration can widen the guard.
    /// </summary>
    public UrlFetcher(FetchOptions options, Func<string, CancellationToken, Task<IPAddress[]>> resolve, Func<IPAddress, bool>? isAllowed = null)
    {
        _options = options;
        _resolve = resolve;
        _isAllowed = isAllowed ?? AddressPolicy.IsPublic;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = ConnectToPublicAddressAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The body of <paramref name="url"/>, or <see cref="FetchRefusedException"/> with a reason a caller can act on.</summary>
    public async Task<byte[]> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        try
        {
            var current = url;
            for (var hop = 0; ; hop++)
            {
                CheckScheme(current);
                using var response = await _http.GetAsync(current, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (hop >= _options.MaxRedirects)
                        throw new FetchRefusedException($"more than {_options.MaxRedirects} redirects");
                    current = new Uri(current, location);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                    throw new FetchRefusedException($"the server answered {(int)response.StatusCode}");
                if (response.Content.Headers.ContentLength > _options.MaxBytes)
                    throw new FetchRefusedException($"the file is larger than {_options.MaxBytes} bytes");
                return await ReadLimitedAsync(response.Content, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FetchRefusedException($"the download took longer than {_options.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e) when (e.InnerException is FetchRefusedException refused)
        {
            throw refused;
        }
        catch (HttpRequestException e)
        {
            throw new FetchRefusedException($"the download failed ({e.HttpRequestError})");
        }
    }

    /// <summary>
    /// POSTs <paramref name="body"/> to <paramref name="url"/> through the same guard and returns the status code.
    /// Redirects are not followed (a 3xx is returned as it is). A refused address or scheme is a
    /// <see cref="FetchRefusedException"/>; a timeout or a broken connection is a <see cref="TimeoutException"/> or
    /// <see cref="HttpRequestException"/>, which a caller may retry.
    /// </summary>
    public async Task<int> PostAsync(
        Uri url, byte[] body, string contentType, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        CheckScheme(url);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return (int)response.StatusCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {_options.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e) when (e.InnerException is FetchRefusedException refused)
        {
            throw refused;
        }
    }

    private void CheckScheme(Uri url)
    {
        if (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && _options.AllowHttp)) return;
        throw new FetchRefusedException(_options.AllowHttp ? "only http and https URLs are fetched" : "only https URLs are fetched");
    }

    private async Task<byte[]> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > _options.MaxBytes)
                throw new FetchRefusedException($"the file is larger than {_options.MaxBytes} bytes");
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private async ValueTask<Stream> ConnectToPublicAddressAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await _resolve(host, cancellationToken);
        var allowed = addresses.Where(_isAllowed).ToArray();
        if (allowed.Length == 0 || allowed.Length != addresses.Length)
            throw new FetchRefusedException($"'{host}' resolves to an address that is not public");

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _http.Dispose();
}
