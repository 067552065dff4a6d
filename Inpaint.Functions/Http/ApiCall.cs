using Inpaint.Shared.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inpaint.Functions.Http;

/// <summary>
/// Runs a shared handler and answers every exception through <see cref="ProblemMapper"/>, as the local host's
/// exception handler does (the Functions host has no ASP.NET exception-handler pipeline of its own for them):
/// known ones as their problems, anything else as a logged 500 problem.
/// </summary>
public static class ApiCall
{
    public static async Task<IActionResult> RunAsync(HttpRequest request, Func<Task<IResult>> handler)
    {
        try
        {
            return new ActionResultAdapter(await handler());
        }
        catch (Exception e)
        {
            var logger = request.HttpContext.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger(typeof(ApiCall)) ?? NullLogger.Instance;
            if (!await ProblemMapper.WriteAsync(request.HttpContext, e, logger)) throw;
            return new EmptyResult();
        }
    }
}
