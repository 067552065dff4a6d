namespace Inpaint.Inference.Tokenizers;

/// <summary>
/// Several texts tokenised and padded to the longest: row-major <c>[Count, Length]</c> ids, attention mask
/// (1 = real token) and token type ids (all 0 for single-segment input), ready as int64 model inputs.
/// </summary>
public sealed record TokenBatch(long[] Ids, long[] AttentionMask, long[] TypeIds, int Count, int Length)
{
    public static TokenBatch Pad(IReadOnlyList<IReadOnlyList<int>> sequences, int padId)
    {
        var length = sequences.Max(s => s.Count);
        var ids = new long[sequences.Count * length];
        var mask = new long[ids.Length];
        Array.Fill(ids, padId);
        for (var i = 0; i < sequences.Count; i++)
            for (var t = 0; t < sequences[i].Count; t++)
            {
                ids[i * length + t] = sequences[i][t];
                mask[i * length + t] = 1;
            }
        return new TokenBatch(ids, mask, new long[ids.Length], sequences.Count, length);
    }
}
