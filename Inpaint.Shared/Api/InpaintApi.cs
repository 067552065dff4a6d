using Microsoft.AspNetCore.Routing;

namespace Inpaint.Shared.Api;

/// <summary>Maps the whole public HTTP API of the local host (the host adds <see cref="InpaintOpenApi.AddInpaintOpenApi"/>).</summary>
public static class InpaintApi
{
    public static IEndpointRouteBuilder MapInpaintApi(this IEndpointRouteBuilder app)
    {
        app.MapUploadsApi();
        app.MapTasksApi();
        app.MapEdenTasksApi();
        app.MapMediaApi();
        app.MapToolsApi();
        app.MapInpaintOpenApi();
        app.MapMasksApi();
        return app;
    }
}
