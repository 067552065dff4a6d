using Inpaint.Testing;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Inpaint.Local.Tests.Fuzzing;

/// <summary>
/// The local host and the Function App answer the same public API: every <c>/v2/</c> and <c>/media/</c> route with
/// its methods, and the OpenAPI document, is in both. The Functions side is read from the <c>functions.metadata</c> its
/// build writes (what the Functions host registers), the local side from the running app's route table. Health checks
/// are the local host's own (the platform watches the Function App) and are not compared.
/// </summary>
[Collection(ApiStackCollection.Name)]
public sealed partial class RouteParityTests(ApiStackFixture api)
{
    [Fact]
    public void The_local_host_and_the_function_app_serve_the_same_routes()
    {
        var local = api.Stack.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } path && IsPublic(path))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => Route(m, e.RoutePattern.RawText!)))
            .ToHashSet();

        var functions = new HashSet<string>();
        using var metadata = JsonDocument.Parse(File.ReadAllText(Checkout.FunctionsMetadataPath()));
        foreach (var function in metadata.RootElement.EnumerateArray())
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
                if (binding.GetProperty("type").GetString() == "httpTrigger")
                    foreach (var method in binding.GetProperty("methods").EnumerateArray())
                        functions.Add(Route(method.GetString()!, binding.GetProperty("route").GetString()!));

        Assert.NotEmpty(local);
        Assert.True(local.SetEquals(functions),
            $"only local: [{string.Join(", ", local.Except(functions).Order())}]; only in Functions: [{string.Join(", ", functions.Except(local).Order())}]");
    }

    private static bool IsPublic(string path)
    {
        var trimmed = path.TrimStart('/');
        return trimmed.StartsWith("v2/", StringComparison.Ordinal) || trimmed.StartsWith("media/", StringComparison.Ordinal)
            || trimmed.StartsWith("openapi/", StringComparison.Ordinal);
    }

    /// <summary>"POST v2/tasks/{}/cancel": method in capitals, no leading or trailing slash, parameters unnamed.</summary>
    private static string Route(string method, string path) =>
        $"{method.ToUpperInvariant()} {Parameter().Replace(path.Trim('/'), "{}")}";

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
