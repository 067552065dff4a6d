using System.Text.Json;

namespace Inpaint.Inference.Tokenizers;

/// <summary>Reads the parts of a Hugging Face <c>tokenizer.json</c> that our tokenizers need.</summary>
internal sealed class TokenizerJson
{
    private TokenizerJson(JsonDocument document) => Root = document.RootElement;

    public JsonElement Root { get; }

    public JsonElement Model => Root.GetProperty("model");

    public static TokenizerJson Read(Stream stream) => new(JsonDocument.Parse(stream));

    public string ModelType => Model.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";

    public Dictionary<string, int> Vocabulary()
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in Model.GetProperty("vocab").EnumerateObject()) vocab[p.Name] = p.Value.GetInt32();
        return vocab;
    }

    /// <summary>Special and added tokens (<c>added_tokens[].content → id</c>).</summary>
    public Dictionary<string, int> AddedTokens()
    {
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        if (Root.TryGetProperty("added_tokens", out var list) && list.ValueKind == JsonValueKind.Array)
            foreach (var t in list.EnumerateArray())
                added[t.GetProperty("content").GetString()!] = t.GetProperty("id").GetInt32();
        return added;
    }

    /// <summary>BPE merges in rank order; both the <c>"a b"</c> and the newer <c>["a","b"]</c> forms.</summary>
    public List<(string Left, string Right)> Merges()
    {
        var merges = new List<(string, string)>();
        foreach (var m in Model.GetProperty("merges").EnumerateArray())
        {
            if (m.ValueKind == JsonValueKind.Array)
            {
                merges.Add((m[0].GetString()!, m[1].GetString()!));
                continue;
            }
            var s = m.GetString()!;
            var space = s.IndexOf(' ', StringComparison.Ordinal);
            merges.Add((s[..space], s[(space + 1)..]));
        }
        return merges;
    }

    public string? ModelString(string name) =>
        Model.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary><c>padding.pad_id</c> when the file fixes padding.</summary>
    public int? PadId =>
        Root.TryGetProperty("padding", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("pad_id", out var id)
            ? id.GetInt32()
            : null;

    public int? TruncationMaxLength =>
        Root.TryGetProperty("truncation", out var t) && t.ValueKind == JsonValueKind.Object && t.TryGetProperty("max_length", out var m)
            ? m.GetInt32()
            : null;
}
