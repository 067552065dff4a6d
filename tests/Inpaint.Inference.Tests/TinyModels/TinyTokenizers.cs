using System.Text;
using System.Text.Json;

namespace Inpaint.Inference.Tests.TinyModels;

/// <summary>Small <c>tokenizer.json</c> files in the exports' formats, with the real special-token ids.</summary>
public static class TinyTokenizers
{
    /// <summary>
    /// A CLIP BPE tokenizer whose vocabulary has every lower-case letter (bare and with <c>&lt;/w&gt;</c>),
    /// a few punctuation marks, and merge rules that build each of <paramref name="words"/> left to right.
    /// Specials as in CLIP: <c>&lt;|startoftext|&gt;</c> 49406, <c>&lt;|endoftext|&gt;</c> 49407.
    /// </summary>
    public static byte[] Clip(params string[] words)
    {
        var vocab = new Dictionary<string, int>();
        void Add(string t) => vocab.TryAdd(t, vocab.Count);
        foreach (var c in "abcdefghijklmnopqrstuvwxyz!.,'") { Add(c.ToString()); Add(c + "</w>"); }
        var merges = new List<string>();
        foreach (var word in words)
        {
            // Symbols r, e, d</w>: merge "r e" → re, then "re d</w>" → red</w>.
            var current = word[0].ToString();
            for (var i = 1; i < word.Length; i++)
            {
                var next = i == word.Length - 1 ? word[i] + "</w>" : word[i].ToString();
                var rule = $"{current} {next}";
                if (!merges.Contains(rule)) merges.Add(rule);
                current += next;
                Add(current);
            }
        }
        var json = new
        {
            version = "1.0",
            added_tokens = new object[]
            {
                new { id = 49406, content = "<|startoftext|>", special = true },
                new { id = 49407, content = "<|endoftext|>", special = true },
            },
            model = new { type = "BPE", vocab, merges, end_of_word_suffix = "</w>" },
        };
        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(json));
    }

    /// <summary>The id of <paramref name="token"/> in <see cref="Clip"/>'s vocabulary.</summary>
    public static int ClipId(byte[] tokenizerJson, string token)
    {
        using var doc = JsonDocument.Parse(tokenizerJson);
        return doc.RootElement.GetProperty("model").GetProperty("vocab").GetProperty(token).GetInt32();
    }

    /// <summary>BERT-uncased-style WordPiece with [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, "." 4, then the given pieces.</summary>
    public static byte[] WordPiece(params string[] pieces)
    {
        var vocab = new Dictionary<string, int> { ["[PAD]"] = 0, ["[UNK]"] = 1, ["[CLS]"] = 2, ["[SEP]"] = 3, ["."] = 4 };
        foreach (var p in pieces) vocab.TryAdd(p, vocab.Count);
        var json = new
        {
            version = "1.0",
            added_tokens = new object[]
            {
                new { id = 0, content = "[PAD]", special = true },
                new { id = 1, content = "[UNK]", special = true },
                new { id = 2, content = "[CLS]", special = true },
                new { id = 3, content = "[SEP]", special = true },
            },
            model = new { type = "WordPiece", unk_token = "[UNK]", continuing_subword_prefix = "##", max_input_chars_per_word = 100, vocab },
        };
        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(json));
    }
}
