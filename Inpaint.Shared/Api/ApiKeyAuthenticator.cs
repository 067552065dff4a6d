using Inpaint.Shared.Keys;
using Microsoft.AspNetCore.Http;

namespace Inpaint.Shared.Api;

/// <summary>Finds the caller from the <c>X-Api-Key</c> header; used by every host in front of every handler.</summary>
public sealed class ApiKeyAuthenticator(ApiKeyStore keys)
{
    public const string HeaderName = "X-Api-Key";
    private const string UserItem = "inpaint.user";

    /// <summary>The caller's user id, or <see cref="ApiKeyRejectedException"/>.</summary>
    public async Task<string> RequireUserAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(UserItem, out var known) && known is string cached) return cached;
        var user = await keys.AuthenticateAsync(http.Request.Headers[HeaderName].ToString(), http.RequestAborted)
            ?? throw new ApiKeyRejectedException();
        http.Items[UserItem] = user;
        return user;
    }
}
