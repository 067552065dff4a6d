using Inpaint.Shared.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Inpaint.Shared.Api;

/// <summary>
/// <c>GET /v2/tools</c> and <c>GET /v2/tools/{key}</c>: the tools and every parameter (type, range, default,
/// description), as Eden's SDK reads them. A description of the public contract, so no key is needed.
/// </summary>
public static class ToolsApi
{
    public static RouteGroupBuilder MapToolsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/tools").WithTags("Tools");
        group.MapGet("/", List)
            .WithName("ListTools")
            .WithSummary("Every tool with its parameters, ranges, defaults and price formula");
        group.MapGet("/{key}", Get)
            .WithName("GetTool")
            .WithSummary("One tool with its parameters, ranges, defaults and price formula");
        return group;
    }

    public static Ok<ToolList> List(ToolCatalog catalog) => TypedResults.Ok(new ToolList(catalog.All));

    public static Ok<ToolEnvelope> Get(string key, ToolCatalog catalog) => TypedResults.Ok(new ToolEnvelope(catalog.Get(key)));
}
