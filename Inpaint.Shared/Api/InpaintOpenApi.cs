using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Inpaint.Shared.Api;

/// <summary>
/// The OpenAPI 3.1 document of the public API, generated from the endpoints (Microsoft.AspNetCore.OpenApi) and served
/// by the local host at <c>/openapi/v1.json</c>. It names no server (the address depends on where the API runs), so
/// the document is the same wherever it is generated. A committed copy, <c>docs/openapi.json</c>, is
/// checked against it by a test (so an API change is a visible diff) and is what the Function App serves.
/// </summary>
public static class InpaintOpenApi
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddInpaintOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Inpaint",
                    Version = "v2",
                    Description = "Replace part of an image: Eden's /v2/tasks API (flux_inpainting), its task events, uploads and tools. "
                        + "Authenticate with X-Api-Key: <key> or Authorization: Bearer <key>.",
                };
                document.Servers = [];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    ["apiKey"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthenticator.HeaderName },
                    ["bearer"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "the API key as a bearer token" },
                };
                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapInpaintOpenApi(this IEndpointRouteBuilder app)
    {
        // A fixed path, not {documentName}: another name would get the OpenAPI middleware's plain-text 404, not a problem.
        app.MapOpenApi(DocumentPath);
        return app;
    }
}
