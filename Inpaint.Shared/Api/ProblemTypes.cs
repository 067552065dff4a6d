using Microsoft.AspNetCore.Http;

namespace Inpaint.Shared.Api;

/// <summary>
/// The <c>type</c> and <c>title</c> of a problem by status: the RFC section that defines the status, so every
/// problem body carries all of <c>type</c>, <c>title</c>, <c>status</c> and <c>detail</c>. ASP.NET Core's own
/// defaults stop at a handful of codes (no 402, 413, 415 or 429), hence this table.
/// </summary>
public static class ProblemTypes
{
    private const string Rfc9110 = "https://tools.ietf.org/html/rfc9110#section-";

    private static readonly Dictionary<int, (string Section, string Title)> Known = new()
    {
        [400] = ("15.5.1", "Bad request"),
        [401] = ("15.5.2", "Unauthorized"),
        [402] = ("15.5.3", "Payment required"),
        [403] = ("15.5.4", "Forbidden"),
        [404] = ("15.5.5", "Not found"),
        [405] = ("15.5.6", "Method not allowed"),
        [406] = ("15.5.7", "Not acceptable"),
        [408] = ("15.5.9", "Request timeout"),
        [409] = ("15.5.10", "Conflict"),
        [410] = ("15.5.11", "Gone"),
        [411] = ("15.5.12", "Length required"),
        [412] = ("15.5.13", "Precondition failed"),
        [413] = ("15.5.14", "Request body too large"),
        [414] = ("15.5.15", "URI too long"),
        [415] = ("15.5.16", "Unsupported media type"),
        [416] = ("15.5.17", "Range not satisfiable"),
        [417] = ("15.5.18", "Expectation failed"),
        [422] = ("15.5.21", "Unprocessable content"),
        [426] = ("15.5.22", "Upgrade required"),
        [500] = ("15.6.1", "Internal server error"),
        [501] = ("15.6.2", "Not implemented"),
        [502] = ("15.6.3", "Bad gateway"),
        [503] = ("15.6.4", "Service unavailable"),
        [504] = ("15.6.5", "Gateway timeout"),
    };

    /// <summary>The URI that names the kind of problem a status is.</summary>
    public static string For(int status) => status switch
    {
        StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "https://tools.ietf.org/html/rfc6585#section-5",
        _ when Known.TryGetValue(status, out var known) => Rfc9110 + known.Section,
        _ when status >= 500 => Rfc9110 + "15.6",
        _ => Rfc9110 + "15.5",
    };

    /// <summary>A short human title for a status, used where the problem has none of its own.</summary>
    public static string TitleFor(int status) => status switch
    {
        StatusCodes.Status429TooManyRequests => "Too many requests",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "Request header fields too large",
        _ when Known.TryGetValue(status, out var known) => known.Title,
        _ when status >= 500 => "Server error",
        _ => "Client error",
    };
}
