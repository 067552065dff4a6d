using Inpaint.Shared.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace Inpaint.Shared.Api;

/// <summary>
/// One request-body limit per endpoint, all derived from <see cref="LimitsOptions.MaxUploadBytes"/>, and set
/// on the endpoint so that the server itself (Kestrel, through routing's <see cref="IRequestSizeLimitMetadata"/>)
/// enforces it; the handlers check the same numbers while reading, which is what holds on Azure Functions.
/// Without it Kestrel's 30,000,000-byte default refused a valid 38.9 MB upload that the README promised.
/// </summary>
public static class RequestBodyLimits
{
    /// <summary>What a multipart upload may carry besides the file: boundaries, part headers, small fields.</summary>
    public const long MultipartAllowance = 64 * 1024;

    /// <summary>Endpoints that read no body (reads, lists, cancel): a body this size is still tolerated, not more.</summary>
    public const long Bodiless = 64 * 1024;

    /// <summary><c>POST /v2/uploads</c>: the file (raw body), plus <see cref="MultipartAllowance"/> when it comes as a form.</summary>
    public static long Upload(LimitsOptions limits) => limits.MaxUploadBytes + MultipartAllowance;

    /// <summary>
    /// JSON bodies (create, preview): twice the upload limit, so an image and a mask at the upload limit fit as
    /// base64 data URIs (4/3 of their size each would not; send large images by upload).
    /// </summary>
    public static long Json(LimitsOptions limits) => 2 * limits.MaxUploadBytes;

    /// <summary>
    /// The server's hard ceiling for an endpoint whose limit is <paramref name="maxBytes"/>: the handler answers
    /// 413 naming the limit as soon as a body passes it, and the server still reads (drains) a body up to twice
    /// that so the client receives the 413; beyond the ceiling the server closes the connection.
    /// </summary>
    public static long ServerCeiling(long maxBytes) => 2 * maxBytes;

    /// <summary>Sets the endpoint's body limit (the handler answers 413 over it; the server stops at <see cref="ServerCeiling"/>).</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long maxBytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(ServerCeiling(maxBytes)));

    /// <summary>
    /// Gives every endpoint of <paramref name="group"/> that set no limit of its own the <see cref="Bodiless"/> one,
    /// so a route added later cannot fall back to the server's default.
    /// </summary>
    public static TBuilder WithBodilessDefault<TBuilder>(this TBuilder group) where TBuilder : IEndpointConventionBuilder
    {
        group.Finally(endpoint =>
        {
            if (!endpoint.Metadata.OfType<IRequestSizeLimitMetadata>().Any())
                endpoint.Metadata.Add(new BodyLimit(ServerCeiling(Bodiless)));
        });
        return group;
    }

    private sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
