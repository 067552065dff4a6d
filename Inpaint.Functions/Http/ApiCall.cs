using Inpaint.Shared.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Inpaint.Functions.Http;

/// <summary>
/// Runs a shared handler and maps domain exceptions to the same RFC 7807 problems as the local host
/// (the Functions host has no ASP.NET exception-handler pipeline of its own for them).
/// </summary>
public static class ApiCall
{
    public static async Task<IActionResult> RunAsync(HttpRequest request, Func<Task<IResult>> handler)
    {
        try
        {
            return new ActionResultAdapter(await handler());
        }
        catch (Exception e) when (ProblemMapper.Map(e) is not null)
        {
            await ProblemMapper.TryWriteAsync(request.HttpContext, e);
            return new EmptyResult();
        }
    }
}
