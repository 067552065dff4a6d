using System.Net;

namespace Inpaint.Shared.Api;

/// <summary>How the public API names itself in the links it answers (<see cref="PublicAddress"/>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>
    /// The API's address as its callers reach it (<c>https://inpaint.example.com/</c>); every link the API answers
    /// (<c>statusQueryGetUri</c>, <c>Location</c>) starts with it. Unset: see <see cref="PublicAddress"/>.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// IP addresses of reverse proxies in front of the API, separated by <c>;</c> or <c>,</c>: only a request that
    /// arrives from one of them has its <c>X-Forwarded-Host</c> and <c>X-Forwarded-Proto</c> believed. Unset: none is.
    /// </summary>
    public string? TrustedProxies { get; set; }

    /// <summary>The parsed <see cref="TrustedProxies"/>; null when one is not an IP address.</summary>
    public IReadOnlyList<IPAddress>? ParseTrustedProxies()
    {
        var addresses = new List<IPAddress>();
        foreach (var part in (this.TrustedProxies ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IPAddress.TryParse(part, out var address)) return null;
            addresses.Add(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
        }

        return addresses;
    }

    /// <summary>True when <see cref="PublicBaseUrl"/> is unset or an absolute http(s) URL without query or fragment.</summary>
    public bool HasValidBaseUrl() =>
        string.IsNullOrWhiteSpace(this.PublicBaseUrl)
        || (Uri.TryCreate(this.PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment));
}
