using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Inpaint.Shared.Api;

/// <summary>ASP.NET Core hook that answers known domain exceptions with their problem details.</summary>
public sealed class ApiExceptionHandler : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken) =>
        new(ProblemMapper.TryWriteAsync(httpContext, exception));
}
