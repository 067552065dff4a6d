using System.Text.Json;

namespace Inpaint.Infra.Tests.Bicep;

/// <summary>
/// The predicted resources of a <c>bicep snapshot</c>: what deploying main.bicepparam creates, with loops
/// expanded, names resolved and module outputs left as <c>reference(...)</c> expressions.
/// </summary>
public sealed class DeploymentSnapshot(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public IReadOnlyList<JsonElement> Resources(string type) =>
        Root.GetProperty("predictedResources").EnumerateArray()
            .Where(r => r.GetProperty("type").GetString()!.Equals(type, StringComparison.OrdinalIgnoreCase))
            .ToArray();

    public JsonElement Single(string type)
    {
        var found = Resources(type);
        Assert.True(found.Count == 1, $"Expected one {type} in the snapshot, found {found.Count}.");
        return found[0];
    }

    /// <summary>Last segment of each resource name of a type, e.g. the container names of blobServices/containers.</summary>
    public string[] ChildNames(string type) =>
        Resources(type).Select(r => r.GetProperty("name").GetString()!.Split('/')[^1]).ToArray();

    /// <summary>The Function App's app settings, name → value (an expression where it comes from a module output).</summary>
    public IReadOnlyDictionary<string, string> FunctionAppSettings() =>
        Single("Microsoft.Web/sites").GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings")
            .EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").ToString(), StringComparer.Ordinal);

    /// <summary>Environment of the named container of the (single) container app, name → value.</summary>
    public IReadOnlyDictionary<string, string> ContainerEnvironment(string containerName) =>
        Single("Microsoft.App/containerApps").GetProperty("properties").GetProperty("template").GetProperty("containers")
            .EnumerateArray().Single(c => c.GetProperty("name").GetString() == containerName)
            .GetProperty("env").EnumerateArray()
            .ToDictionary(
                e => e.GetProperty("name").GetString()!,
                e => e.TryGetProperty("value", out var value) ? value.ToString() : "(secret ref)",
                StringComparer.Ordinal);
}
