using System.Text.Json;
using System.Text.Json.Nodes;
using Inpaint.Local.Tests.Fuzzing;
using Inpaint.Shared.Api;
using Inpaint.Testing;

namespace Inpaint.Local.Tests.Api;

/// <summary>
/// The OpenAPI document the running API generates is the one committed at <c>docs/openapi.json</c>, so any change to
/// the public API shows up as a diff in review. After a deliberate change, run the tests once with
/// <c>INPAINT_UPDATE_OPENAPI=1</c> to write the new document, and commit it.
/// </summary>
[Collection(ApiStackCollection.Name)]
public sealed class OpenApiDocumentTests(ApiStackFixture api)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public async Task The_served_document_is_the_committed_one()
    {
        using var response = await api.Http.GetAsync(InpaintOpenApi.DocumentPath);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        // The document describes the whole public API, Eden's routes included, as OpenAPI 3.1.
        Assert.StartsWith("3.1", served["openapi"]!.GetValue<string>());
        var paths = served["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var path in new[] { "/v2/tasks/create", "/v2/tasks/{id}", "/v2/tasks/cancel", "/v2/tasks/cost", "/v2/tasks/events", "/media/upload", "/v2/tools" })
            Assert.Contains(path, paths);

        var text = served.ToJsonString(Indented) + "\n";
        var committedPath = Checkout.Combine("docs", "openapi.json");
        if (Environment.GetEnvironmentVariable("INPAINT_UPDATE_OPENAPI") == "1")
            await File.WriteAllTextAsync(committedPath, text);

        Assert.True(File.Exists(committedPath), $"{committedPath} is missing: run the tests with INPAINT_UPDATE_OPENAPI=1 and commit it");
        var committed = await File.ReadAllTextAsync(committedPath);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(committed), served),
            $"the API's OpenAPI document differs from docs/openapi.json; if the change is meant, run the tests with INPAINT_UPDATE_OPENAPI=1 and commit the file. First difference: {FirstDifference(JsonNode.Parse(committed), served, "$")}");
    }

    /// <summary>The JSON path of the first place two documents differ, for a failure a reviewer can act on.</summary>
    private static string FirstDifference(JsonNode? a, JsonNode? b, string path)
    {
        if (JsonNode.DeepEquals(a, b)) return "none";
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
                if (!JsonNode.DeepEquals(oa[key], ob[key]))
                    return oa.ContainsKey(key) && ob.ContainsKey(key) ? FirstDifference(oa[key], ob[key], $"{path}.{key}") : $"{path}.{key} is only in {(oa.ContainsKey(key) ? "the committed file" : "the served document")}";
        }

        if (a is JsonArray aa && b is JsonArray ab && aa.Count == ab.Count)
            for (var i = 0; i < aa.Count; i++)
                if (!JsonNode.DeepEquals(aa[i], ab[i])) return FirstDifference(aa[i], ab[i], $"{path}[{i}]");
        return $"{path}: committed {Shorten(a?.ToJsonString())}, served {Shorten(b?.ToJsonString())}";
    }

    private static string Shorten(string? s) => s is null ? "nothing" : s.Length <= 120 ? s : s[..120] + "…";
}
