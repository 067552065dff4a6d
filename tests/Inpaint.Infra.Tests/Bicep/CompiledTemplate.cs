using System.Text.Json;
using System.Text.RegularExpressions;

namespace Inpaint.Infra.Tests.Bicep;

/// <summary>
/// Reads a compiled main.json: nested module templates, their resources (array or, in language version 2.0,
/// an object keyed by symbolic name), parameters and variables.
/// </summary>
internal static partial class CompiledTemplate
{
    /// <summary>The template itself and every module template nested in it, depth first.</summary>
    public static IEnumerable<JsonElement> Templates(JsonElement template) => Modules(template, "main").Select(m => m.Template);

    /// <summary>The template (named <paramref name="name"/>) and its modules, named by their symbolic names.</summary>
    public static IEnumerable<(string Name, JsonElement Template)> Modules(JsonElement template, string name)
    {
        yield return (name, template);
        foreach (var (symbol, resource) in NamedResources(template))
        {
            if (Type(resource).Equals("Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase)
                && resource.GetProperty("properties").TryGetProperty("template", out var nested))
            {
                foreach (var inner in Modules(nested, symbol))
                {
                    yield return inner;
                }
            }
        }
    }

    public static IEnumerable<JsonElement> Resources(JsonElement template) => NamedResources(template).Select(r => r.Resource);

    /// <summary>Resources with their symbolic names (language version 2.0) or their name expressions.</summary>
    private static IEnumerable<(string Symbol, JsonElement Resource)> NamedResources(JsonElement template)
    {
        if (!template.TryGetProperty("resources", out var resources))
        {
            return [];
        }

        return resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray().Select(r => (r.TryGetProperty("name", out var n) ? n.ToString() : "?", r)).ToArray()
            : resources.EnumerateObject().Select(p => (p.Name, p.Value)).ToArray();
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

    /// <summary>A literal value, or the value of the variable a plain <c>[variables('x')]</c> expression names.</summary>
    public static JsonElement Resolve(JsonElement template, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String && FullVariableReference().Match(value.GetString()!) is { Success: true } match)
        {
            return template.GetProperty("variables").GetProperty(match.Groups["name"].Value);
        }

        return value;
    }

    private static bool IsExisting(JsonElement resource) =>
        resource.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True;

    [GeneratedRegex(@"^\[variables\('(?<name>[A-Za-z0-9_]+)'\)\]$")]
    private static partial Regex FullVariableReference();
}
