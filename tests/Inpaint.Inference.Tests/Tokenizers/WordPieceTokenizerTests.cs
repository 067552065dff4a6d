using Inpaint.Inference.Tests.TinyModels;
using Inpaint.Inference.Tokenizers;

namespace Inpaint.Inference.Tests.Tokenizers;

public class WordPieceTokenizerTests
{
    // [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, "." 4, then: un 5, ##aff 6, ##able 7, hat 8, hair 9
    private static readonly WordPieceTokenizer Tokenizer =
        WordPieceTokenizer.FromJson(new MemoryStream(TinyTokenizers.WordPiece("un", "##aff", "##able", "hat", "hair")));

    [Fact]
    public void Greedy_longest_match_with_continuation_prefix()
    {
        Assert.Equal([2, 5, 6, 7, 3], Tokenizer.Encode("unaffable"));
    }

    [Fact]
    public void Lowercases_strips_accents_and_splits_punctuation()
    {
        Assert.Equal([2, 8, 4, 9, 4, 3], Tokenizer.Encode("HÂT.Hair."));
    }

    [Fact]
    public void A_word_that_cannot_be_pieced_is_one_unknown_token()
    {
        // "unhat": "un" matches, "##hat" does not exist → the whole word is [UNK], not "un" + [UNK].
        Assert.Equal([2, 1, 8, 3], Tokenizer.Encode("unhat hat"));
    }

    [Fact]
    public void Pieces_keep_their_text_for_mapping_back_to_phrases()
    {
        Assert.Equal(["hat", ".", "un", "##aff", "##able", "."], Tokenizer.Pieces("hat. unaffable.").Select(p => p.Piece));
    }
}
