using Inpaint.Inference.Tests.TinyModels;
using Inpaint.Inference.Tokenizers;

namespace Inpaint.Inference.Tests.Tokenizers;

public class ClipTokenizerTests
{
    private static readonly byte[] Json = TinyTokenizers.Clip("red", "hat", "hair", "blue");
    private static readonly ClipTokenizer Tokenizer = ClipTokenizer.FromJson(new MemoryStream(Json));

    private static int Id(string token) => TinyTokenizers.ClipId(Json, token);

    [Fact]
    public void Wraps_in_start_and_end_tokens_with_clip_ids()
    {
        Assert.Equal([49406, Id("red</w>"), 49407], Tokenizer.Encode("red"));
        Assert.Equal(49406, Tokenizer.StartId);
        Assert.Equal(49407, Tokenizer.EndId);
    }

    [Fact]
    public void Lowercases_collapses_whitespace_and_splits_punctuation()
    {
        Assert.Equal([49406, Id("red</w>"), Id("hat</w>"), Id("!</w>"), 49407], Tokenizer.Encode("  RED \t\n Hat!"));
    }

    [Fact]
    public void Merges_by_rank_and_falls_back_to_smaller_pieces()
    {
        // "hair" merges fully; "hare" shares "ha" (from hat/hair) but has no rule for "ha r": h a → ha, then r, e</w>.
        Assert.Equal([49406, Id("hair</w>"), 49407], Tokenizer.Encode("hair"));
        Assert.Equal([49406, Id("ha"), Id("r"), Id("e</w>"), 49407], Tokenizer.Encode("hare"));
    }

    [Fact]
    public void Single_digits_are_separate_words()
    {
        // CLIP's pattern takes digits one by one: "12" → "1</w>", "2</w>" (not in this vocab → end-of-text id).
        var ids = Tokenizer.Encode("12");
        Assert.Equal(4, ids.Count);
    }

    [Fact]
    public void Batches_pad_to_the_longest_with_the_end_token_and_mask_the_padding()
    {
        var batch = Tokenizer.EncodeBatch(["red", "blue hat"]);

        Assert.Equal(2, batch.Count);
        Assert.Equal(4, batch.Length);
        Assert.Equal([49406L, Id("red</w>"), 49407, 49407], batch.Ids[..4]);
        Assert.Equal([1L, 1, 1, 0], batch.AttentionMask[..4]);
        Assert.Equal([1L, 1, 1, 1], batch.AttentionMask[4..]);
    }

    [Fact]
    public void Truncates_to_77_tokens_keeping_the_end_token()
    {
        var ids = Tokenizer.Encode(string.Join(' ', Enumerable.Repeat("red", 200)));

        Assert.Equal(77, ids.Count);
        Assert.Equal(49407, ids[^1]);
    }
}
