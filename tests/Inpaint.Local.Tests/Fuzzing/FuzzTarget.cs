using System.Text.RegularExpressions;
using Inpaint.Shared.Api;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Inpaint.Local.Tests.Fuzzing;

/// <summary>One public endpoint as the route table has it: its pattern, its methods, and whether it reads a body.</summary>
public sealed partial record FuzzTarget(string Pattern, IReadOnlyList<string> Methods, FuzzBodyKind Body)
{
    /// <summary>Every route endpoint of the running app (the API, health checks; the static page is no endpoint).</summary>
    public static IReadOnlyList<FuzzTarget> FromRouteTable(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not null)
            .Select(e =>
            {
                var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                var limit = e.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
                var pattern = "/" + e.RoutePattern.RawText!.TrimStart('/');
                var body = limit is null || limit <= RequestBodyLimits.Bodiless ? FuzzBodyKind.None
                    : pattern.Contains("upload", StringComparison.OrdinalIgnoreCase) ? FuzzBodyKind.Image
                    : FuzzBodyKind.Json;
                return new FuzzTarget(pattern, methods.ToList(), body);
            })
            .OrderBy(t => t.Pattern, StringComparer.Ordinal)
            .ToList();

    /// <summary>The names of the pattern's parameters, in order (<c>{id}</c> → <c>id</c>).</summary>
    public IReadOnlyList<string> Parameters => Parameter().Matches(this.Pattern).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The path with each parameter replaced by the (already escaped) value given.</summary>
    public string Render(IReadOnlyList<string> values)
    {
        var i = 0;
        return Parameter().Replace(this.Pattern, _ => i < values.Count ? values[i++] : "x");
    }

    public override string ToString() => $"{string.Join(",", this.Methods)} {this.Pattern}";

    [GeneratedRegex(@"\{\*?([^}:=?]+)[^}]*\}")]
    private static partial Regex Parameter();
}

/// <summary>What an endpoint reads: nothing, a JSON object, or an image (raw or multipart).</summary>
public enum FuzzBodyKind
{
    None,
    Json,
    Image,
}
