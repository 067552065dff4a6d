using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Api;

/// <summary>
/// The base URL the API puts in front of the links it answers. Never the request's Host header, which the caller
/// writes (<c>Host: evil.example</c> was reflected into <c>statusQueryGetUri</c> and <c>Location</c>). In order:
/// <list type="number">
/// <item><see cref="ApiOptions.PublicBaseUrl"/>, when configured;</item>
/// <item><c>X-Forwarded-Proto</c>/<c>X-Forwarded-Host</c>, only from a peer listed in <see cref="ApiOptions.TrustedProxies"/>;</item>
/// <item>on Azure, <c>https://</c> and the platform's own host name (<c>WEBSITE_HOSTNAME</c>);</item>
/// <item>the server's own address that the connection reached (its local IP and port), or else the first address the server is bound to;</item>
/// <item>none: the links are then relative to the API's root.</item>
/// </list>
/// </summary>
public sealed class PublicAddress(IOptions<ApiOptions> options, IServiceProvider services)
{
    /// <summary>The platform's variable with the app's default host name on Azure App Service and Functions.</summary>
    public const string AzureHostNameVariable = "WEBSITE_HOSTNAME";

    private readonly Uri? configured = string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? null : WithSlash(new Uri(options.Value.PublicBaseUrl));
    private readonly IReadOnlyList<IPAddress> trusted = options.Value.ParseTrustedProxies() ?? [];

    /// <summary>The base (ending in <c>/</c>) for links answered to <paramref name="request"/>; null for root-relative links.</summary>
    public Uri? For(HttpRequest request)
    {
        if (this.configured is not null) return this.configured;
        if (this.Forwarded(request) is { } forwarded) return forwarded;
        if (services.GetService<IConfiguration>()?[AzureHostNameVariable] is { Length: > 0 } site && Uri.TryCreate($"https://{site}/", UriKind.Absolute, out var azure)) return azure;
        return ConnectionAddress(request) ?? FromServerAddresses(services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
    }

    /// <summary>An absolute link to <paramref name="path"/> (no leading slash) on the API, or a root-relative one.</summary>
    public string Link(HttpRequest request, string path) =>
        this.For(request) is { } root ? new Uri(root, path).ToString() : "/" + path;

    /// <summary>
    /// The address a local server is reached at, from the addresses it is bound to: the first <c>http://</c> one
    /// (else the first), with a wildcard host (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) replaced by loopback.
    /// </summary>
    public static Uri? FromServerAddresses(IEnumerable<string> addresses)
    {
        var all = addresses.ToList();
        var address = all.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? all.FirstOrDefault();
        if (address is null) return null;
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::") uri.Host = "127.0.0.1";
        uri.Path = "/";
        return uri.Uri;
    }

    private Uri? Forwarded(HttpRequest request)
    {
        if (this.trusted.Count == 0 || request.HttpContext.Connection.RemoteIpAddress is not { } peer) return null;
        if (peer.IsIPv4MappedToIPv6) peer = peer.MapToIPv4();
        if (!this.trusted.Contains(peer)) return null;

        // Each proxy appends; the last entry is the one our trusted proxy wrote.
        var host = Last(request.Headers["X-Forwarded-Host"]);
        var scheme = Last(request.Headers["X-Forwarded-Proto"])?.ToLowerInvariant() ?? request.Scheme;
        if (host is null || scheme is not ("http" or "https")) return null;
        return Uri.TryCreate($"{scheme}://{host}{request.PathBase}/", UriKind.Absolute, out var uri)
            && uri.Host.Length > 0 && uri.AbsolutePath == $"{request.PathBase}/" && string.IsNullOrEmpty(uri.UserInfo)
            ? uri
            : null;
    }

    private static Uri? ConnectionAddress(HttpRequest request)
    {
        var connection = request.HttpContext.Connection;
        if (connection.LocalIpAddress is not { } ip || connection.LocalPort == 0) return null;
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        var host = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
        return new Uri($"{request.Scheme}://{host}:{connection.LocalPort}{request.PathBase}/");
    }

    private static string? Last(Microsoft.Extensions.Primitives.StringValues values)
    {
        var last = values.LastOrDefault()?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        return string.IsNullOrEmpty(last) ? null : last;
    }

    private static Uri WithSlash(Uri uri) => uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
}
