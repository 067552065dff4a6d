using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Inpaint.Inference.Tokenizers;

/// <summary>
/// CLIP's byte-level BPE, read from an export's <c>tokenizer.json</c>: whitespace collapsed and lower-cased,
/// split by CLIP's pattern (contractions, letter runs, single digits, punctuation runs), bytes mapped to
/// printable characters (the GPT-2 table), <c>&lt;/w&gt;</c> appended to each word's last symbol, pairs merged
/// by rank, and the sequence wrapped in <c>&lt;|startoftext|&gt;</c> … <c>&lt;|endoftext|&gt;</c>, at most 77 tokens.
/// (Microsoft.ML.Tokenizers 2.0 has a generic BpeTokenizer but neither a CLIP preset nor a tokenizer.json
/// reader; this is the whole algorithm in one tested file.)
/// </summary>
public sealed partial class ClipTokenizer
{
    public const string StartToken = "<|startoftext|>";
    public const string EndToken = "<|endoftext|>";
    private const string EndOfWord = "</w>";

    private static readonly string[] ByteToChar = BuildByteTable();

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<(string, string), int> _ranks;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);

    private ClipTokenizer(Dictionary<string, int> vocab, Dictionary<(string, string), int> ranks, int startId, int endId, int padId, int maxLength)
    {
        _vocab = vocab;
        _ranks = ranks;
        StartId = startId;
        EndId = endId;
        PadId = padId;
        MaxLength = maxLength;
    }

    public int StartId { get; }

    public int EndId { get; }

    /// <summary>The file's <c>padding.pad_id</c> if it fixes one, else <see cref="EndId"/> (CLIP's convention).</summary>
    public int PadId { get; }

    public int MaxLength { get; }

    public static ClipTokenizer FromFile(string path)
    {
        using var stream = File.OpenRead(path);
        return FromJson(stream);
    }

    public static ClipTokenizer FromJson(Stream stream)
    {
        var json = TokenizerJson.Read(stream);
        if (json.ModelType is not ("BPE" or ""))
            throw new InvalidDataException($"A CLIP tokenizer needs a BPE model; this tokenizer.json has '{json.ModelType}'.");
        var vocab = json.Vocabulary();
        foreach (var (token, id) in json.AddedTokens()) vocab.TryAdd(token, id);
        var merges = json.Merges();
        var ranks = new Dictionary<(string, string), int>(merges.Count);
        for (var i = 0; i < merges.Count; i++) ranks.TryAdd(merges[i], i);
        var start = vocab.TryGetValue(StartToken, out var s) ? s : throw new InvalidDataException($"tokenizer.json has no {StartToken}.");
        var end = vocab.TryGetValue(EndToken, out var e) ? e : throw new InvalidDataException($"tokenizer.json has no {EndToken}.");
        return new ClipTokenizer(vocab, ranks, start, end, json.PadId ?? end, json.TruncationMaxLength ?? 77);
    }

    /// <summary>Ids of <paramref name="text"/> with start and end tokens, truncated to <see cref="MaxLength"/>
    /// (the end token kept).</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        var ids = new List<int> { StartId };
        var clean = Whitespace().Replace(text.Normalize(NormalizationForm.FormC), " ").Trim().ToLowerInvariant();
        foreach (Match m in Pretokenize().Matches(clean))
            ids.AddRange(m.Value switch
            {
                StartToken => [StartId],
                EndToken => [EndId],
                _ => _cache.GetOrAdd(m.Value, Bpe),
            });
        if (ids.Count > MaxLength - 1) ids.RemoveRange(MaxLength - 1, ids.Count - (MaxLength - 1));
        ids.Add(EndId);
        return ids;
    }

    /// <summary>Several texts padded to the longest, as transformers.js does (<c>padding: true</c>).</summary>
    public TokenBatch EncodeBatch(IReadOnlyList<string> texts) => TokenBatch.Pad(texts.Select(Encode).ToList(), PadId);

    private int[] Bpe(string word)
    {
        // Bytes → printable symbols; the last symbol carries the end-of-word marker.
        var bytes = Encoding.UTF8.GetBytes(word);
        var symbols = new List<string>(bytes.Length);
        foreach (var b in bytes) symbols.Add(ByteToChar[b]);
        symbols[^1] += EndOfWord;

        while (symbols.Count > 1)
        {
            var best = int.MaxValue;
            var at = -1;
            for (var i = 0; i < symbols.Count - 1; i++)
                if (_ranks.TryGetValue((symbols[i], symbols[i + 1]), out var r) && r < best)
                {
                    best = r;
                    at = i;
                }
            if (at < 0) break;
            // Merge every occurrence of the best pair, left to right.
            var (left, right) = (symbols[at], symbols[at + 1]);
            var merged = new List<string>(symbols.Count);
            for (var i = 0; i < symbols.Count; i++)
            {
                if (i < symbols.Count - 1 && symbols[i] == left && symbols[i + 1] == right)
                {
                    merged.Add(left + right);
                    i++;
                }
                else
                {
                    merged.Add(symbols[i]);
                }
            }
            symbols = merged;
        }

        var ids = new int[symbols.Count];
        for (var i = 0; i < ids.Length; i++)
            ids[i] = _vocab.TryGetValue(symbols[i], out var id) ? id : EndId;
        return ids;
    }

    /// <summary>GPT-2's reversible byte → printable character table.</summary>
    private static string[] BuildByteTable()
    {
        var table = new string[256];
        var printable = new bool[256];
        for (var b = '!'; b <= '~'; b++) printable[b] = true;
        for (var b = '¡'; b <= '¬'; b++) printable[b] = true;
        for (var b = '®'; b <= 'ÿ'; b++) printable[b] = true;
        var next = 256;
        for (var b = 0; b < 256; b++)
            table[b] = printable[b] ? ((char)b).ToString() : ((char)next++).ToString();
        return table;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase)]
    private static partial Regex Pretokenize();
}
