using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Inpaint.Shared.Api;

/// <summary>
/// ASP.NET Core hook that answers every exception a handler lets out, known or not, through
/// <see cref="ProblemMapper"/>: a problem body always, and a logged 500 for the unforeseen.
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken) =>
        await ProblemMapper.WriteAsync(httpContext, exception, logger, httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.DisplayName);
}
