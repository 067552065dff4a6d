using System.Globalization;
using System.Text;

namespace Inpaint.Inference.Tokenizers;

/// <summary>
/// BERT's uncased WordPiece (Grounding DINO's text encoder), read from <c>tokenizer.json</c>: control characters
/// dropped, accents stripped, lower-cased, split on whitespace and around every punctuation character (and
/// CJK ideograph), then greedy longest-match sub-words with the <c>##</c> prefix; <c>[CLS]</c> … <c>[SEP]</c>.
/// </summary>
public sealed class WordPieceTokenizer
{
    private const int MaxCharsPerWord = 100;

    private readonly Dictionary<string, int> _vocab;
    private readonly string _prefix;

    private WordPieceTokenizer(Dictionary<string, int> vocab, string prefix, int cls, int sep, int pad, int unk, int maxLength)
    {
        _vocab = vocab;
        _prefix = prefix;
        ClsId = cls;
        SepId = sep;
        PadId = pad;
        UnknownId = unk;
        MaxLength = maxLength;
    }

    public int ClsId { get; }

    public int SepId { get; }

    public int PadId { get; }

    public int UnknownId { get; }

    public int MaxLength { get; }

    public static WordPieceTokenizer FromFile(string path, int maxLength = 256)
    {
        using var stream = File.OpenRead(path);
        return FromJson(stream, maxLength);
    }

    public static WordPieceTokenizer FromJson(Stream stream, int maxLength = 256)
    {
        var json = TokenizerJson.Read(stream);
        if (json.ModelType != "WordPiece")
            throw new InvalidDataException($"A BERT tokenizer needs a WordPiece model; this tokenizer.json has '{json.ModelType}'.");
        var vocab = json.Vocabulary();
        foreach (var (token, id) in json.AddedTokens()) vocab.TryAdd(token, id);
        int Id(string token) => vocab.TryGetValue(token, out var id) ? id : throw new InvalidDataException($"tokenizer.json has no {token}.");
        return new WordPieceTokenizer(vocab, json.ModelString("continuing_subword_prefix") ?? "##",
            Id("[CLS]"), Id("[SEP]"), Id("[PAD]"), Id(json.ModelString("unk_token") ?? "[UNK]"), maxLength);
    }

    /// <summary>The text's sub-words (no special tokens), as strings, for mapping tokens back to phrases.</summary>
    public IReadOnlyList<(string Piece, int Id)> Pieces(string text)
    {
        var pieces = new List<(string, int)>();
        foreach (var word in BasicTokens(text))
        {
            if (word.Length > MaxCharsPerWord)
            {
                pieces.Add((word, UnknownId));
                continue;
            }
            var start = 0;
            var wordPieces = new List<(string, int)>();
            while (start < word.Length)
            {
                var end = word.Length;
                (string, int)? found = null;
                while (start < end)
                {
                    var candidate = start == 0 ? word[start..end] : _prefix + word[start..end];
                    if (_vocab.TryGetValue(candidate, out var id))
                    {
                        found = (candidate, id);
                        break;
                    }
                    end--;
                }
                if (found is null)
                {
                    wordPieces = [(word, UnknownId)];
                    break;
                }
                wordPieces.Add(found.Value);
                start = end;
            }
            pieces.AddRange(wordPieces);
        }
        return pieces;
    }

    /// <summary><c>[CLS]</c> pieces <c>[SEP]</c>, truncated to <see cref="MaxLength"/>.</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        var ids = new List<int> { ClsId };
        ids.AddRange(Pieces(text).Select(p => p.Id).Take(MaxLength - 2));
        ids.Add(SepId);
        return ids;
    }

    public TokenBatch EncodeBatch(IReadOnlyList<string> texts) => TokenBatch.Pad(texts.Select(Encode).ToList(), PadId);

    private static IEnumerable<string> BasicTokens(string text)
    {
        // Strip accents: decompose, drop non-spacing marks; drop control characters; lower-case.
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var clean = new StringBuilder(decomposed.Length);
        foreach (var raw in decomposed)
        {
            var c = FoldLatin1(raw);
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark || c == '\0' || c == '\uFFFD') continue;
            if (char.IsWhiteSpace(c)) clean.Append(' ');
            else if (char.IsControl(c)) continue;
            else if (IsPunctuation(c) || IsCjk(c)) clean.Append(' ').Append(char.ToLowerInvariant(c)).Append(' ');
            else clean.Append(char.ToLowerInvariant(c));
        }
        return clean.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    // With InvariantGlobalization (our build setting) string.Normalize cannot decompose, so the accented
    // letters of Latin-1 (U+00C0–U+00FF) are folded by table, as NFD + dropping marks would: "Â" → "A".
    // Letters NFD leaves alone (Æ, Ð, Ø, Þ, ß) stay as they are.
    private const string Latin1Folded = "AAAAAA\u00C6CEEEEIIII\u00D0NOOOOO\u00D7\u00D8UUUUY\u00DE\u00DFaaaaaa\u00E6ceeeeiiii\u00F0nooooo\u00F7\u00F8uuuuy\u00FEy";

    private static char FoldLatin1(char c) => c is >= '\u00C0' and <= '\u00FF' ? Latin1Folded[c - '\u00C0'] : c;

    // BERT counts every non-alphanumeric printable ASCII character as punctuation, plus Unicode P* classes.
    private static bool IsPunctuation(char c) =>
        c is >= '!' and <= '/' or >= ':' and <= '@' or >= '[' and <= '`' or >= '{' and <= '~' || char.IsPunctuation(c);

    private static bool IsCjk(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';
}
