using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Inpaint.Shared.Api;

/// <summary>Maps the whole public HTTP API of the local host (the host adds <see cref="InpaintOpenApi.AddInpaintOpenApi"/>).</summary>
public static class InpaintApi
{
    public static IEndpointRouteBuilder MapInpaintApi(this IEndpointRouteBuilder app)
    {
        // One group only so that every route, present or future, gets a body limit (RequestBodyLimits).
        var api = app.MapGroup("").WithBodilessDefault();
        api.MapUploadsApi();
        api.MapTasksApi();
        api.MapEdenTasksApi();
        api.MapMediaApi();
        api.MapToolsApi();
        api.MapInpaintOpenApi();
        api.MapMasksApi();
        return app;
    }
}
