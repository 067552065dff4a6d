using System.Text.Json;
using System.Text.Json.Nodes;

namespace Inpaint.Local.Commands;

/// <summary>How client commands print: indented JSON for <c>--json</c>, and plain aligned tables for people.</summary>
static class CommandOutput
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void WriteJson(TextWriter output, JsonNode? value) => output.WriteLine(value?.ToJsonString(Indented) ?? "null");

    /// <summary>Columns padded to their widest cell; the last column is not padded.</summary>
    public static void WriteTable(TextWriter output, string[] header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        foreach (var row in all)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
        }
    }

    public static string Text(JsonNode? node, string fallback = "")
        => node is JsonValue value && value.TryGetValue(out string? text) ? text : node?.ToJsonString() ?? fallback;

    /// <summary>A string cut to <paramref name="max"/> characters for a table cell.</summary>
    public static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
