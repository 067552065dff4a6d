using System.Text.Json;
using System.Text.RegularExpressions;

namespace Inpaint.Infra.Tests.Bicep;

/// <summary>
/// Reads a compiled main.json: nested module templates, their resources (array or, in language version 2.0,
/// an object keyed by symbolic name), and the app settings and container environment the template writes.
/// </summary>
internal static partial class CompiledTemplate
{
    /// <summary>The template itself and every module template nested in it, depth first.</summary>
    public static IEnumerable<JsonElement> Templates(JsonElement template)
    {
        yield return template;
        foreach (var resource in Resources(template))
        {
            if (resource.TryGetProperty("properties", out var properties)
                && properties.ValueKind == JsonValueKind.Object
                && properties.TryGetProperty("template", out var nested))
            {
                foreach (var inner in Templates(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    public static IEnumerable<JsonElement> Resources(JsonElement template)
    {
        if (!template.TryGetProperty("resources", out var resources))
        {
            return [];
        }

        return resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray().ToArray()
            : resources.EnumerateObject().Select(p => p.Value).ToArray();
    }

    public static string Type(JsonElement resource) =>
        resource.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "";

    /// <summary>The single resource of a type anywhere in the template, with the template that declares it.</summary>
    public static (JsonElement Template, JsonElement Resource) Single(JsonElement root, string type)
    {
        var found = Templates(root)
            .SelectMany(t => Resources(t).Where(r => !IsExisting(r) && Type(r).Equals(type, StringComparison.OrdinalIgnoreCase)).Select(r => (t, r)))
            .ToArray();
        Assert.True(found.Length == 1, $"Expected one {type} in the template, found {found.Length}.");
        return found[0];
    }

    /// <summary>
    /// App settings of the Function App: the keys of the object variable that siteConfig.appSettings is
    /// built from (<c>[for s in items(appSettings): ...]</c>, compiled to a property copy loop), with their
    /// (expression) values.
    /// </summary>
    public static IReadOnlyDictionary<string, string> FunctionAppSettings(JsonElement root)
    {
        var (template, site) = Single(root, "Microsoft.Web/sites");
        var siteConfig = site.GetProperty("properties").GetProperty("siteConfig");
        Assert.True(siteConfig.TryGetProperty("copy", out var loops), "siteConfig.appSettings should be a loop over one object variable.");
        var loop = loops.EnumerateArray().Single(l => l.GetProperty("name").GetString() == "appSettings");
        var match = VariableReference().Match(loop.GetProperty("count").GetString()!);
        Assert.True(match.Success, $"siteConfig.appSettings does not loop over a variable: {loop}");
        var settings = template.GetProperty("variables").GetProperty(match.Groups["name"].Value);
        return settings.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal);
    }

    /// <summary>A literal value, or the value of the variable a plain <c>[variables('x')]</c> expression names.</summary>
    public static JsonElement Resolve(JsonElement template, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String && FullVariableReference().Match(value.GetString()!) is { Success: true } match)
        {
            return template.GetProperty("variables").GetProperty(match.Groups["name"].Value);
        }

        return value;
    }

    /// <summary>Environment variables of the named container of the (single) container app.</summary>
    public static IReadOnlyDictionary<string, string> ContainerEnvironment(JsonElement root, string containerName)
    {
        var (_, app) = Single(root, "Microsoft.App/containerApps");
        var container = app.GetProperty("properties").GetProperty("template").GetProperty("containers")
            .EnumerateArray().Single(c => c.GetProperty("name").GetString() == containerName);
        return container.GetProperty("env").EnumerateArray().ToDictionary(
            e => e.GetProperty("name").GetString()!,
            e => e.TryGetProperty("value", out var value) ? value.ToString() : "(secret ref)",
            StringComparer.Ordinal);
    }

    private static bool IsExisting(JsonElement resource) =>
        resource.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True;

    [GeneratedRegex(@"variables\('(?<name>[A-Za-z0-9_]+)'\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\[variables\('(?<name>[A-Za-z0-9_]+)'\)\]$")]
    private static partial Regex FullVariableReference();
}
