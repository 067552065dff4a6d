using System.Net.Http.Headers;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Worker;

/// <summary>
/// Authenticates every attempt of a worker call: the shared key locally, or a fresh Microsoft Entra ID
/// bearer token for <c>{Audience}/.default</c> from the registered <see cref="TokenCredential"/>
/// (its cache makes repeated calls cheap).
/// </summary>
public sealed class WorkerAuthenticationHandler(IOptions<WorkerClientOptions> options, IServiceProvider services) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!string.IsNullOrEmpty(settings.ApiKey))
        {
            request.Headers.Remove(WorkerHeaders.ApiKey);
            request.Headers.Add(WorkerHeaders.ApiKey, settings.ApiKey);
        }
        else if (!string.IsNullOrEmpty(settings.Audience))
        {
            var credential = services.GetRequiredService<TokenCredential>();
            var scope = settings.Audience.TrimEnd('/') + "/.default";
            var token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
