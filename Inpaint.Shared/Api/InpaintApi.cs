using Microsoft.AspNetCore.Routing;

namespace Inpaint.Shared.Api;

/// <summary>Maps the whole public HTTP API of the local host.</summary>
public static class InpaintApi
{
    public static IEndpointRouteBuilder MapInpaintApi(this IEndpointRouteBuilder app)
    {
        app.MapUploadsApi();
        app.MapTasksApi();
        app.MapMasksApi();
        return app;
    }
}
