using System.Diagnostics;
using System.Net;
using System.Text;
using Inpaint.Shared.Inputs;

namespace Inpaint.Shared.Tests.Inputs;

/// <summary>
/// The SSRF guard against real loopback servers. DNS is the injected resolver; a "public" address is routed
/// to the loopback server through the fetcher's route seam, so the policy judges what DNS said while the
/// bytes really travel. Internal addresses are never routed: if the guard let one through, the connection
/// would reach the loopback server and its request count would show it.
/// </summary>
public class UrlFetcherTests
{
    static readonly IPAddress PublicAddress = IPAddress.Parse("93.184.216.34");
    static readonly byte[] Payload = Encoding.ASCII.GetBytes("image bytes");

    static FetchOptions Options(bool allowHttp = true, long maxBytes = 1024, double timeoutSeconds = 5, int maxRedirects = 3)
        => new() { AllowHttp = allowHttp, MaxBytes = maxBytes, Timeout = TimeSpan.FromSeconds(timeoutSeconds), MaxRedirects = maxRedirects };

    /// <summary>DNS: "public.test" is public, "internal.test" is the metadata endpoint, anything else loopback.</summary>
    static Task<IPAddress[]> Resolve(string host, CancellationToken _) => Task.FromResult(host switch
    {
        "public.test" => new[] { PublicAddress },
        "internal.test" => [IPAddress.Parse("169.254.169.254")],
        "mixed.test" => [PublicAddress, IPAddress.Parse("10.0.0.7")],
        "mapped.test" => [IPAddress.Parse("::ffff:127.0.0.1")],
        _ => [IPAddress.Loopback],
    });

    /// <summary>Only the public address is routed (to the loopback server); anything else goes nowhere.</summary>
    static IPAddress Route(IPAddress address) => address.Equals(PublicAddress) ? IPAddress.Loopback : IPAddress.Parse("192.0.2.1");

    static UrlFetcher Fetcher(FetchOptions options) => new(options, Resolve, Route);

    static RawHttpServer Serving(byte[] body) => new((_, stream, ct) => RawHttpServer.WriteAsync(stream, "200 OK", "", body, ct));

    [Fact]
    public async Task A_public_host_is_fetched()
    {
        await using var server = Serving(Payload);
        using var fetcher = Fetcher(Options());
        var bytes = await fetcher.GetAsync(new Uri($"http://public.test:{server.Port}/a.png"), default);
        Assert.Equal(Payload, bytes);
    }

    [Fact]
    public async Task Http_is_refused_unless_configured()
    {
        await using var server = Serving(Payload);
        using var fetcher = Fetcher(Options(allowHttp: false));
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.GetAsync(new Uri($"http://public.test:{server.Port}/a.png"), default));
        Assert.Equal("only https URLs are fetched", refused.Message);
        Assert.Equal(0, server.Requests);
    }

    [Theory]
    [InlineData("http://localhost:{0}/")]
    [InlineData("http://127.0.0.1:{0}/")]
    [InlineData("http://127.1:{0}/")]
    [InlineData("http://2130706433:{0}/")]
    [InlineData("http://0x7f000001:{0}/")]
    [InlineData("http://[::1]:{0}/")]
    [InlineData("http://[::ffff:127.0.0.1]:{0}/")]
    [InlineData("http://169.254.169.254:{0}/metadata/instance")]
    [InlineData("http://internal.test:{0}/")]
    [InlineData("http://mapped.test:{0}/")]
    [InlineData("http://mixed.test:{0}/")]
    public async Task Internal_destinations_are_refused_after_resolution(string template)
    {
        await using var server = Serving(Payload);
        using var fetcher = new UrlFetcher(Options(), Resolve, address => IPAddress.Loopback);   // routes everything: only the policy stands between
        var url = new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, server.Port));
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.GetAsync(url, default));
        Assert.Contains("not public", refused.Message);
        Assert.Equal(0, server.Requests);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/inside")]
    [InlineData("http://internal.test:{0}/inside")]
    [InlineData("http://[::ffff:169.254.169.254]:{0}/inside")]
    public async Task A_redirect_to_an_internal_address_is_refused(string target)
    {
        await using var inside = Serving(Payload);
        var location = string.Format(System.Globalization.CultureInfo.InvariantCulture, target, inside.Port);
        await using var outside = new RawHttpServer((_, stream, ct) => RawHttpServer.RedirectAsync(stream, location, ct));
        using var fetcher = new UrlFetcher(Options(), Resolve, address => IPAddress.Loopback);
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.GetAsync(new Uri($"http://public.test:{outside.Port}/"), default));
        Assert.Contains("not public", refused.Message);
        Assert.Equal(1, outside.Requests);
        Assert.Equal(0, inside.Requests);
    }

    [Theory]
    [InlineData("file:///etc/passwd", "only http and https URLs are fetched")]
    [InlineData("ftp://public.test/a.png", "only http and https URLs are fetched")]
    [InlineData("gopher://public.test/", "only http and https URLs are fetched")]
    public async Task A_redirect_to_another_scheme_is_refused(string location, string message)
    {
        await using var server = new RawHttpServer((_, stream, ct) => RawHttpServer.RedirectAsync(stream, location, ct));
        using var fetcher = Fetcher(Options());
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.GetAsync(new Uri($"http://public.test:{server.Port}/"), default));
        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public async Task A_redirect_from_https_to_http_is_refused_when_http_is_off()
    {
        // The first hop cannot be https against a plain loopback server, so the guard is shown on the hop it checks:
        // with http off, the scheme of every URL (first or redirected) is checked before any connection.
        using var fetcher = Fetcher(Options(allowHttp: false));
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.GetAsync(new Uri("http://public.test/"), default));
        Assert.Equal("only https URLs are fetched", refused.Message);
    }

    [Fact]
    public async Task Redirects_are_followed_and_re_checked_up_to_the_limit()
    {
        await using var server = new RawHttpServer((path, stream, ct) => path == "/4"
            ? RawHttpServer.WriteAsync(stream, "200 OK", "", Payload, ct)
            : RawHttpServer.RedirectAsync(stream, "/" + (int.Parse(path.TrimStart('/') is "" ? "0" : path.TrimStart('/'), System.Globalization.CultureInfo.InvariantCulture) + 1), ct));
        using (var enough = Fetcher(Options(maxRedirects: 4)))
        {
            Assert.Equal(Payload, await enough.GetAsync(new Uri($"http://public.test:{server.Port}/0"), default));
        }

        using var tooFew = Fetcher(Options(maxRedirects: 3));
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => tooFew.GetAsync(new Uri($"http://public.test:{server.Port}/0"), default));
        Assert.Equal("more than 3 redirects", refused.Message);
    }

    [Fact]
    public async Task A_body_over_the_byte_limit_is_refused_with_or_without_a_length()
    {
        var big = new byte[4096];
        await using var declared = Serving(big);
        await using var chunked = new RawHttpServer(async (_, stream, ct) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"), ct);
            for (var i = 0; i < 64; i++) await stream.WriteAsync(big, ct);   // no length: read until close
        });
        using var fetcher = Fetcher(Options(maxBytes: 1024));
        var first = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.GetAsync(new Uri($"http://public.test:{declared.Port}/"), default));
        var second = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.GetAsync(new Uri($"http://public.test:{chunked.Port}/"), default));
        Assert.Equal("the file is larger than 1024 bytes", first.Message);
        Assert.Equal("the file is larger than 1024 bytes", second.Message);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_abandoned_at_the_deadline()
    {
        await using var server = new RawHttpServer((_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        await using var trickle = new RawHttpServer(async (_, stream, ct) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"), ct);
            while (true)
            {
                await stream.WriteAsync(new byte[1], ct);
                await Task.Delay(50, ct);
            }
        });
        using var fetcher = Fetcher(Options(maxBytes: 1_000_000, timeoutSeconds: 0.5));
        var clock = Stopwatch.StartNew();
        var silent = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.GetAsync(new Uri($"http://public.test:{server.Port}/"), default));
        var slow = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.GetAsync(new Uri($"http://public.test:{trickle.Port}/"), default));
        Assert.StartsWith("the download took longer than", silent.Message);
        Assert.StartsWith("the download took longer than", slow.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"two 0.5 s deadlines took {clock.Elapsed}");
    }

    [Fact]
    public async Task Dns_rebinding_between_hops_is_caught_on_the_new_connection()
    {
        // The first answer for "rebind.test" is public, every later one is loopback (TTL 0 rebinding).
        var answers = 0;
        Task<IPAddress[]> Rebinding(string host, CancellationToken ct) => host == "rebind.test"
            ? Task.FromResult(Interlocked.Increment(ref answers) == 1 ? new[] { PublicAddress } : [IPAddress.Loopback])
            : Resolve(host, ct);
        await using var server = new RawHttpServer((path, stream, ct) => path == "/first"
            ? RawHttpServer.RedirectAsync(stream, "/second", ct)   // Connection: close, so the next hop dials again
            : RawHttpServer.WriteAsync(stream, "200 OK", "", Payload, ct));
        using var fetcher = new UrlFetcher(Options(), Rebinding, address => IPAddress.Loopback);
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.GetAsync(new Uri($"http://rebind.test:{server.Port}/first"), default));
        Assert.Contains("not public", refused.Message);
        Assert.Equal(1, server.Requests);
    }
}
