using Inpaint.Shared.Contracts;
using Inpaint.Shared.Inputs;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Uploads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Api;

/// <summary>
/// Eden's <c>POST /media/upload</c> (multipart field <c>file</c>, as the SDK's <c>media.upload</c> sends it): the same
/// upload as <c>POST /v2/uploads</c>, answered with Eden's <c>{url}</c>, which is accepted back as <c>image</c> or
/// <c>mask_image</c> by the same caller (<see cref="UploadLinks"/>).
/// </summary>
public static class MediaApi
{
    public static RouteHandlerBuilder MapMediaApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/media/upload", UploadAsync)
            .AddEndpointFilter<ApiKeyFilter>()
            .WithTags("Uploads")
            .WithName("MediaUpload")
            .WithSummary("Eden's upload: store a PNG, JPEG or WebP image (multipart field 'file'); the url is usable as image or mask_image")
            .DisableAntiforgery()
            .WithBodyLimit(RequestBodyLimits.Upload(app.ServiceProvider.GetRequiredService<IOptions<LimitsOptions>>().Value));

    public static async Task<Ok<MediaUploadReceipt>> UploadAsync(
        HttpContext http, UploadService uploads, ApiKeyAuthenticator auth, IOptions<LimitsOptions> limits)
    {
        var user = await auth.RequireUserAsync(http);
        var receipt = (await UploadsApi.UploadAsync(http, uploads, auth, limits)).Value!;
        var url = await uploads.Links.CreateAsync(user, ImageReference.Parse(receipt.Reference).UploadId, http.RequestAborted);
        return TypedResults.Ok(new MediaUploadReceipt(url, receipt.Reference, receipt.Filename, receipt.MediaAttributes));
    }
}
