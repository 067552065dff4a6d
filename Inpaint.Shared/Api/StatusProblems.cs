using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Inpaint.Shared.Api;

/// <summary>
/// Problems for the answers no handler wrote: the status code pages (no route: 404, wrong method: 405, a request
/// ASP.NET refused before a handler ran) and ASP.NET's own problem bodies. They carry type, title, status and a
/// detail that says what happened, like ours, and are JSON whatever the caller's Accept header says (the
/// default writer falls back to plain text for <c>Accept: application/xml</c>).
/// </summary>
public static class StatusProblems
{
    /// <summary>The status code pages handler: a complete problem for an error answered without a body.</summary>
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var problem = ProblemMapper.Complete(new ProblemDetails { Status = http.Response.StatusCode, Detail = DetailFor(http, http.Response.StatusCode) });
        return TypedResults.Problem(problem).ExecuteAsync(http);
    }

    /// <summary>Completes a problem ASP.NET Core writes itself (<c>AddProblemDetails</c>'s customisation hook).</summary>
    public static void Complete(ProblemDetailsContext context)
    {
        var status = context.ProblemDetails.Status ??= context.HttpContext.Response.StatusCode;
        context.ProblemDetails.Detail ??= DetailFor(context.HttpContext, status);
        ProblemMapper.Complete(context.ProblemDetails);
    }

    private static string? DetailFor(HttpContext http, int status)
    {
        var request = http.Request;
        return status switch
        {
            StatusCodes.Status404NotFound when http.GetEndpoint() is null =>
                $"there is nothing at {request.Method} {Shorten(request.Path.Value)}; the API's routes are under /v2/",
            StatusCodes.Status405MethodNotAllowed =>
                $"{request.Method} is not allowed on {Shorten(request.Path.Value)}"
                + (http.Response.Headers.Allow is { Count: > 0 } allow ? $"; use {allow}" : ""),
            _ => null,
        };
    }

    private static string Shorten(string? path) => path is null ? "/" : path.Length <= 100 ? path : path[..100] + "…";
}
