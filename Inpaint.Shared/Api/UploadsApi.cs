using Inpaint.Shared.Contracts;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Uploads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Api;

/// <summary><c>POST /v2/uploads</c>: store an image (raw body or multipart field <c>file</c>) for later tasks.</summary>
public static class UploadsApi
{
    public static RouteHandlerBuilder MapUploadsApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/v2/uploads", UploadAsync)
            .AddEndpointFilter<ApiKeyFilter>()
            .WithTags("Uploads")
            .WithName("Upload")
            .WithSummary("Store a PNG, JPEG or WebP image; the reference is usable as image or mask_image")
            .DisableAntiforgery()
            .WithBodyLimit(RequestBodyLimits.Upload(app.ServiceProvider.GetRequiredService<IOptions<LimitsOptions>>().Value));

    public static async Task<Ok<UploadReceipt>> UploadAsync(
        HttpContext http, UploadService uploads, ApiKeyAuthenticator auth, IOptions<LimitsOptions> limits)
    {
        var user = await auth.RequireUserAsync(http);
        var bytes = await ReadImageAsync(http.Request, limits.Value.MaxUploadBytes, http.RequestAborted);
        return TypedResults.Ok(await uploads.StoreAsync(user, bytes, "file", http.RequestAborted));
    }

    private static async Task<byte[]> ReadImageAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
            return await RequestBody.ReadBytesAsync(request, maxBytes, cancellationToken);

        var limit = maxBytes + RequestBodyLimits.MultipartAllowance;
        if (request.ContentLength > limit) throw RequestBody.TooLarge(limit);
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit }, cancellationToken);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The form reader's word for a body that ended inside a part (no closing boundary).
            throw new Validation.RequestValidationException("file",
                $"the multipart body ends before its closing boundary ({e.Message}); send the whole form, or the image as the raw body");
        }
        catch (InvalidDataException e)
        {
            // The form reader's word for a body that is not the multipart it claims: no boundary, a broken part
            // header, a section over the limit. The caller's mistake, so a 400 that says what to send.
            throw new Validation.RequestValidationException("file",
                $"the multipart body could not be read ({e.Message}); send the image as the multipart field 'file' or as the raw body");
        }

        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault()
            ?? throw new Validation.RequestValidationException("file", "send the image as the multipart field 'file' or as the raw body");
        if (file.Length > maxBytes)
            throw new BadHttpRequestException($"the file is larger than the limit of {maxBytes} bytes", StatusCodes.Status413PayloadTooLarge);
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
