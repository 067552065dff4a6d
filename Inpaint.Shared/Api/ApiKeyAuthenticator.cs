using Inpaint.Shared.Keys;
using Microsoft.AspNetCore.Http;

namespace Inpaint.Shared.Api;

/// <summary>
/// Finds the caller from the <c>X-Api-Key</c> header, or from <c>Authorization: Bearer &lt;key&gt;</c> (what Eden's SDK
/// sends for a <c>token</c>): the same key, the same hash lookup and the same 401. Used by every host in front of every handler.
/// </summary>
public sealed class ApiKeyAuthenticator(ApiKeyStore keys)
{
    public const string HeaderName = "X-Api-Key";
    private const string BearerPrefix = "Bearer ";
    private const string UserItem = "inpaint.user";

    /// <summary>The caller's user id, or <see cref="ApiKeyRejectedException"/>.</summary>
    public async Task<string> RequireUserAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(UserItem, out var known) && known is string cached) return cached;
        var user = await keys.AuthenticateAsync(PresentedKey(http.Request), http.RequestAborted)
            ?? throw new ApiKeyRejectedException();
        http.Items[UserItem] = user;
        return user;
    }

    /// <summary>The key the request presents: <c>X-Api-Key</c> when it is there, else the bearer token.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        var key = request.Headers[HeaderName].ToString();
        if (key.Length > 0) return key;
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? authorization[BearerPrefix.Length..].Trim() : null;
    }
}
