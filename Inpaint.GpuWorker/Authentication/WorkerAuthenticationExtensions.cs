using Inpaint.Shared.Worker;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Inpaint.GpuWorker.Authentication;

public static class WorkerAuthenticationExtensions
{
    /// <summary>The policy scheme that picks the bearer scheme when an <c>Authorization: Bearer</c> header is
    /// present, else the shared key.</summary>
    public const string SchemeName = "Worker";

    /// <summary>
    /// Shared key (<c>Auth__ApiKey</c>) and/or Microsoft Entra ID bearer tokens (<c>Auth__Audience</c>,
    /// <c>Auth__Authority</c>); the <c>/v1</c> endpoints require one of them, anything else gets 401.
    /// </summary>
    public static IServiceCollection AddWorkerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkerAuthOptions>()
            .BindConfiguration(WorkerAuthOptions.SectionName)
            .Validate(o => !string.IsNullOrEmpty(o.ApiKey) || !string.IsNullOrEmpty(o.Audience), "Auth needs ApiKey (local) or Audience (Entra ID)")
            .ValidateOnStart();

        var auth = configuration.GetSection(WorkerAuthOptions.SectionName).Get<WorkerAuthOptions>() ?? new WorkerAuthOptions();
        var builder = services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, "Worker key or Entra ID bearer token", o =>
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? JwtBearerDefaults.AuthenticationScheme
                        : WorkerKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, WorkerKeyAuthenticationHandler>(WorkerKeyAuthenticationHandler.SchemeName, null);

        // Bearer tokens are always a known scheme (so a token sent to a key-only worker is a plain 401);
        // without an audience no token can validate.
        builder.AddJwtBearer(o =>
        {
            o.Authority = auth.Authority;
            o.Audience = auth.Audience;
            o.MapInboundClaims = false;
            o.TokenValidationParameters.ValidAudience = auth.Audience ?? $"urn:unconfigured:{Guid.NewGuid()}";
        });
        services.AddAuthorization();
        return services;
    }
}
