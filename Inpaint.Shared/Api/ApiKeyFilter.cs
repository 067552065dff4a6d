using Microsoft.AspNetCore.Http;

namespace Inpaint.Shared.Api;

/// <summary>Endpoint filter that refuses a request without a valid API key before the handler runs.</summary>
public sealed class ApiKeyFilter(ApiKeyAuthenticator authenticator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        await authenticator.RequireUserAsync(context.HttpContext);
        return await next(context);
    }
}
