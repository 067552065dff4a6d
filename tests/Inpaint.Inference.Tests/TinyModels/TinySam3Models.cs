using static Inpaint.Inference.Tests.TinyModels.TinyGraph;

namespace Inpaint.Inference.Tests.TinyModels;

/// <summary>
/// SAM 3 text export in miniature (vision encoder <c>pixel_values</c> [1,3,1008,1008]; text encoder
/// <c>input_ids</c>, <c>attention_mask</c> int64 [1,32]; decoder → <c>pred_logits</c> [1,Q], <c>pred_masks</c>
/// [1,Q,h,w], <c>pred_boxes</c> [1,Q,4], <c>presence_logits</c> [1,1]). Three queries, one per colour channel:
/// query c's mask logit is <c>10·feature_c − 5</c> (the channel, /127.5 − 1, pooled to 28²), and its score is
/// picked by the phrase's first token (5 for the token's channel, −5 otherwise), so "red" keeps the red query.
/// </summary>
public static class TinySam3Models
{
    public const int Grid = 28;

    public static byte[] Vision() =>
        new TinyGraph("vision_encoder")
            .Input("pixel_values", F32, 1, 3, 1008, 1008)
            .Output("fpn_feat", F32, 1, 3, Grid, Grid)
            .Output("vision_pos_enc", F32, 1, 1, Grid, Grid)
            .Node("AveragePool", ["pixel_values"], ["fpn_feat"], ("kernel_shape", new long[] { 36, 36 }), ("strides", new long[] { 36, 36 }))
            .Node("ReduceMean", ["fpn_feat"], ["vision_pos_enc"], ("axes", new long[] { 1 }), ("keepdims", 1))
            .Build();

    public static byte[] Text() =>
        new TinyGraph("text_encoder")
            .Input("input_ids", I64, 1, 32)
            .Input("attention_mask", I64, 1, 32)
            .Output("text_features", F32, 1, 32)
            .Node("Mul", ["input_ids", "attention_mask"], ["kept"])
            .Node("Cast", ["kept"], ["text_features"], ("to", (int)F32))
            .Build();

    /// <param name="channels">Token id → the query (colour channel 0–2) it selects.</param>
    /// <param name="extraInput">A decoder input no encoder provides, to check the refusal.</param>
    public static byte[] Decoder(IReadOnlyDictionary<int, int> channels, string? extraInput = null)
    {
        const int vocab = 49408;
        var w = new float[vocab * 3];
        Array.Fill(w, -5f);
        foreach (var (id, channel) in channels) w[id * 3 + channel] = 5f;
        var g = new TinyGraph("decoder")
            .Input("fpn_feat", F32, 1, 3, Grid, Grid)
            .Input("vision_pos_enc", F32, 1, 1, Grid, Grid)
            .Input("text_features", F32, 1, 32)
            .Input("attention_mask", I64, 1, 32);
        if (extraInput is not null) g.Input(extraInput, F32, 1);
        return g
            .Output("pred_masks", F32, 1, 3, Grid, Grid)
            .Output("pred_boxes", F32, 1, 3, 4)
            .Output("pred_logits", F32, 1, 3)
            .Output("presence_logits", F32, 1, 1)
            .Constant("W", w, vocab, 3)
            .Constant("one_index", [1L])
            .Constant("c10", [10f], 1).Constant("c5", [5f], 1)
            .Constant("boxes", new float[12], 1, 3, 4)
            .Constant("presence", [5f], 1, 1)
            .Node("Cast", ["text_features"], ["ids"], ("to", (int)I64))
            .Node("Gather", ["ids", "one_index"], ["first_token"], ("axis", 1))
            .Node("Gather", ["W", "first_token"], ["pred_logits"], ("axis", 0))
            .Node("Mul", ["fpn_feat", "c10"], ["scaled"])
            .Node("Sub", ["scaled", "c5"], ["pred_masks"])
            .Node("Identity", ["boxes"], ["pred_boxes"])
            .Node("Identity", ["presence"], ["presence_logits"])
            .Build();
    }
}
