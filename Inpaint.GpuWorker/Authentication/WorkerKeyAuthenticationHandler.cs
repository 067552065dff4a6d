using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Inpaint.Shared.Worker;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Inpaint.GpuWorker.Authentication;

/// <summary>
/// The local stack's scheme: the caller sends the shared key in <c>X-Worker-Key</c>. Compared in constant
/// time (over SHA-256 digests, so the length does not leak either).
/// </summary>
public sealed class WorkerKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<WorkerAuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "WorkerKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(WorkerHeaders.ApiKey, out var presented) || string.IsNullOrEmpty(presented))
            return Task.FromResult(AuthenticateResult.NoResult());
        var expected = auth.Value.ApiKey;
        if (string.IsNullOrEmpty(expected) || !CryptographicOperations.FixedTimeEquals(Digest(presented!), Digest(expected)))
            return Task.FromResult(AuthenticateResult.Fail("invalid worker key"));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "worker-key")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
