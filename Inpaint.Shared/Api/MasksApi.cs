using Inpaint.Shared.Contracts;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Previews;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Api;

/// <summary><c>POST /v2/masks/preview</c>: the region and feather a task with these arguments would use; free of charge.</summary>
public static class MasksApi
{
    public static RouteHandlerBuilder MapMasksApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/v2/masks/preview", PreviewAsync)
            .AddEndpointFilter<ApiKeyFilter>()
            .WithTags("Masks")
            .WithName("PreviewMask")
            .WithSummary("Select the region and refine the mask (expand, blur, crop) without generating; costs nothing")
            .WithBodyLimit(RequestBodyLimits.Json(app.ServiceProvider.GetRequiredService<IOptions<LimitsOptions>>().Value));

    public static async Task<Ok<MaskPreview>> PreviewAsync(
        HttpContext http, MaskPreviewService previews, ApiKeyAuthenticator auth, IOptions<LimitsOptions> limits)
    {
        var user = await auth.RequireUserAsync(http);
        var request = await RequestBody.ReadJsonAsync<CreateTaskRequest>(http.Request, RequestBodyLimits.Json(limits.Value), http.RequestAborted);
        return TypedResults.Ok(await previews.PreviewAsync(user, request, http.RequestAborted));
    }
}
