using System.Text;
using System.Text.Json;

namespace Inpaint.Inference.Tokenizers;

/// <summary>
/// SentencePiece Unigram tokenizer read from a <c>tokenizer.json</c> (T5's <c>T5TokenizerFast</c>, used by
/// FLUX.1's second text encoder): text NFKC-normalised with whitespace collapsed (an approximation of the
/// precompiled character map), split on spaces with the Metaspace marker <c>▁</c> prefixed to every word,
/// each word segmented by Viterbi over the vocabulary's log-probabilities (unknown characters → the unk id),
/// then <c>&lt;/s&gt;</c> appended (T5's post-processor) and the result padded with <c>&lt;pad&gt;</c>.
/// </summary>
public sealed class UnigramTokenizer
{
    private const char Metaspace = '\u2581';
    private readonly Dictionary<string, (int Id, double Score)> _pieces;
    private readonly int _maxPieceLength;
    private readonly double _unknownScore;

    private UnigramTokenizer(Dictionary<string, (int Id, double Score)> pieces, int unkId, int eosId, int padId)
    {
        _pieces = pieces;
        UnknownId = unkId;
        EndId = eosId;
        PadId = padId;
        _maxPieceLength = pieces.Keys.Max(k => k.Length);
        _unknownScore = pieces.Values.Min(v => v.Score) - 10.0;
    }

    public int UnknownId { get; }

    public int EndId { get; }

    public int PadId { get; }

    public static UnigramTokenizer FromFile(string path)
    {
        using var stream = File.OpenRead(path);
        return FromJson(stream);
    }

    public static UnigramTokenizer FromJson(Stream stream)
    {
        var json = TokenizerJson.Read(stream);
        if (json.ModelType != "Unigram")
            throw new InvalidDataException($"A Unigram tokenizer needs a Unigram model; this tokenizer.json has '{json.ModelType}'.");
        var pieces = new Dictionary<string, (int, double)>(StringComparer.Ordinal);
        int id = 0;
        foreach (var entry in json.Model.GetProperty("vocab").EnumerateArray())
        {
            pieces.TryAdd(entry[0].GetString()!, (id, entry[1].GetDouble()));
            id++;
        }
        int unk = json.Model.TryGetProperty("unk_id", out var u) && u.ValueKind == JsonValueKind.Number ? u.GetInt32() : 2;
        int eos = pieces.TryGetValue("</s>", out var e) ? e.Item1 : throw new InvalidDataException("tokenizer.json has no </s>.");
        int pad = json.PadId ?? (pieces.TryGetValue("<pad>", out var p) ? p.Item1 : 0);
        return new UnigramTokenizer(pieces, unk, eos, pad);
    }

    /// <summary>Ids of <paramref name="text"/> ending in <c>&lt;/s&gt;</c>, truncated to <paramref name="maxLength"/> (end kept).</summary>
    public List<int> Encode(string text, int maxLength = int.MaxValue)
    {
        var ids = new List<int>();
        var clean = string.Join(' ', text.Normalize(NormalizationForm.FormKC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (clean.Length > 0)
            foreach (var word in clean.Split(' '))
                Segment(Metaspace + word, ids);
        if (ids.Count > maxLength - 1) ids.RemoveRange(maxLength - 1, ids.Count - (maxLength - 1));
        ids.Add(EndId);
        return ids;
    }

    /// <summary><see cref="Encode"/> padded with the pad id to exactly <paramref name="length"/> (<c>padding="max_length"</c>).</summary>
    public long[] EncodePadded(string text, int length)
    {
        var ids = Encode(text, length);
        var result = new long[length];
        Array.Fill(result, PadId);
        for (int i = 0; i < ids.Count; i++) result[i] = ids[i];
        return result;
    }

    /// <summary>Best segmentation of one word by total log-probability (Viterbi over prefix end positions).</summary>
    private void Segment(string word, List<int> ids)
    {
        int n = word.Length;
        var best = new double[n + 1];
        var from = new int[n + 1];
        var piece = new int[n + 1];
        Array.Fill(best, double.NegativeInfinity);
        best[0] = 0;
        for (int end = 1; end <= n; end++)
        {
            for (int start = Math.Max(0, end - _maxPieceLength); start < end; start++)
            {
                if (double.IsNegativeInfinity(best[start])) continue;
                if (_pieces.TryGetValue(word[start..end], out var entry) && best[start] + entry.Score > best[end])
                {
                    best[end] = best[start] + entry.Score;
                    from[end] = start;
                    piece[end] = entry.Id;
                }
            }
            if (double.IsNegativeInfinity(best[end]))
            {
                // No piece ends here: the single character is unknown.
                best[end] = best[end - 1] + _unknownScore;
                from[end] = end - 1;
                piece[end] = UnknownId;
            }
        }
        var reversed = new List<int>();
        for (int at = n; at > 0; at = from[at]) reversed.Add(piece[at]);
        for (int i = reversed.Count - 1; i >= 0; i--)
        {
            // Consecutive unknown characters collapse into one unk, as SentencePiece does.
            if (reversed[i] == UnknownId && ids.Count > 0 && ids[^1] == UnknownId) continue;
            ids.Add(reversed[i]);
        }
    }
}
