using System.Text.Json.Nodes;

namespace Inpaint.Local.Commands;

/// <summary>
/// Which engine made a finished task's results, and any warning (a prompt filled by removal because no
/// generative engine is installed), as lines for people: "Engine: migan (model migan)".
/// </summary>
public static class EngineSummary
{
    public static IEnumerable<string> Lines(JsonNode task)
    {
        var engines = (task["result"] as JsonArray ?? [])
            .Select(r => $"{r?["engine"]?.GetValue<string>() ?? "?"} (model {r?["model"]?.GetValue<string>() ?? "?"})")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (engines.Count > 0) yield return $"Engine: {string.Join(", ", engines)}";
        foreach (var warning in task["warnings"] as JsonArray ?? [])
            yield return $"Warning: {warning?.GetValue<string>()}";
    }
}
