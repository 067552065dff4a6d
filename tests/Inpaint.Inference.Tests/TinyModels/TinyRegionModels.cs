using static Inpaint.Inference.Tests.TinyModels.TinyGraph;

namespace Inpaint.Inference.Tests.TinyModels;

/// <summary>
/// Tiny graphs with the public exports' input/output names, element types and shapes (MODELS.md §1–§3), whose
/// outputs are simple known functions of their inputs, so that a wrong channel order, layout, normalisation,
/// resize or box scaling in our pre/postprocessing changes the resulting mask.
/// </summary>
public static class TinyRegionModels
{
    /// <summary>
    /// CLIPSeg: <c>logits[n] = Σ_c W[input_ids[n,1], c] · pixel_values[n, c] − 1</c>. The first real token of each
    /// phrase picks a channel (row of <paramref name="channelWeights"/>, by token id), so "red" selects pixels whose
    /// normalised red value exceeds 1, i.e. r/255 &gt; 0.485 + 0.229 → r &gt; 182.
    /// </summary>
    public static byte[] ClipSeg(IReadOnlyDictionary<int, (float R, float G, float B)> channelWeights, bool withAttentionMask = true, bool rank2Logits = false)
    {
        const int vocab = 49408;
        var w = new float[vocab * 3];
        foreach (var (id, (r, g, b)) in channelWeights)
        {
            w[id * 3] = r;
            w[id * 3 + 1] = g;
            w[id * 3 + 2] = b;
        }
        var g2 = new TinyGraph("clipseg-tiny")
            .Input("input_ids", I64, "text_batch", "sequence_length")
            .Input("pixel_values", F32, "image_batch", 3, 352, 352);
        if (withAttentionMask) g2.Input("attention_mask", I64, "text_batch", "sequence_length");
        if (rank2Logits) g2.Output("logits", F32, 352, 352);
        else g2.Output("logits", F32, "text_batch", 352, 352);
        g2.Constant("W", w, vocab, 3)
            .Constant("one_index", [1L])
            .Constant("shape_n311", [-1L, 3, 1, 1], 4)
            .Constant("axis1", [1L], 1)
            .Constant("axis0", [0L], 1)
            .Constant("one", [1f])
            .Node("Gather", ["input_ids", "one_index"], ["first_token"], ("axis", 1))
            .Node("Gather", ["W", "first_token"], ["weights"], ("axis", 0))
            .Node("Reshape", ["weights", "shape_n311"], ["weights4"])
            .Node("Mul", ["pixel_values", "weights4"], ["weighted"])
            .Node("ReduceSum", ["weighted", "axis1"], ["sum"], ("keepdims", 0));
        if (rank2Logits)
        {
            g2.Node("Sub", ["sum", "one"], ["logits3"]).Node("Squeeze", ["logits3", "axis0"], ["logits"]);
        }
        else
        {
            g2.Node("Sub", ["sum", "one"], ["logits"]);
        }
        return g2.Build();
    }

    /// <summary>
    /// A salient-object export with arbitrary tensor names (rembg does not assume any): input <paramref name="input"/>
    /// <c>[1,3,1024,1024]</c> → output <paramref name="output"/> <c>[1,1,1024,1024]</c> =
    /// <c>gain · (pixel[0] − offset)</c>, then a sigmoid when <paramref name="sigmoidInGraph"/>.
    /// </summary>
    public static byte[] Salient(string input, string output, float gain, float offset, bool sigmoidInGraph, string batch = "batch")
    {
        var g = new TinyGraph("salient-tiny")
            .Input(input, F32, batch, 3, 1024, 1024)
            .Output(output, F32, batch, 1, 1024, 1024)
            .Constant("starts", [0L], 1).Constant("ends", [1L], 1).Constant("axes", [1L], 1)
            .Constant("gain", [gain]).Constant("offset", [offset])
            .Node("Slice", [input, "starts", "ends", "axes"], ["red"])
            .Node("Sub", ["red", "offset"], ["centred"]);
        if (sigmoidInGraph) g.Node("Mul", ["centred", "gain"], ["logit"]).Node("Sigmoid", ["logit"], [output]);
        else g.Node("Mul", ["centred", "gain"], [output]);
        return g.Build();
    }

    /// <summary>
    /// SAM 2.1 vision encoder: <c>pixel_values [1,3,1024,1024]</c> → <c>image_embeddings.0/1/2</c> at their real
    /// shapes, each filled with the input's mean.
    /// </summary>
    public static byte[] Sam2Encoder() => new TinyGraph("sam2-encoder-tiny")
        .Input("pixel_values", F32, 1, 3, 1024, 1024)
        .Output("image_embeddings.0", F32, 1, 32, 256, 256)
        .Output("image_embeddings.1", F32, 1, 64, 128, 128)
        .Output("image_embeddings.2", F32, 1, 256, 64, 64)
        .Constant("s0", [1L, 32, 256, 256], 4).Constant("s1", [1L, 64, 128, 128], 4).Constant("s2", [1L, 256, 64, 64], 4)
        .Node("ReduceMean", ["pixel_values"], ["mean"], ("keepdims", 1))
        .Node("Expand", ["mean", "s0"], ["image_embeddings.0"])
        .Node("Expand", ["mean", "s1"], ["image_embeddings.1"])
        .Node("Expand", ["mean", "s2"], ["image_embeddings.2"])
        .Build();

    /// <summary>
    /// SAM 2.1 prompt encoder + mask decoder with the real inputs. The mask logits at each cell of the 256² grid
    /// (cell centres in the 1024² input space) are the signed distance inside <c>input_boxes</c>; of the three
    /// masks only the middle one is that (the others are pushed far negative), and it has the best IoU score.
    /// </summary>
    public static byte[] Sam2Decoder()
    {
        var gx = new float[256];
        for (var i = 0; i < 256; i++) gx[i] = (i + 0.5f) * 4f;
        return new TinyGraph("sam2-decoder-tiny")
            .Input("input_points", F32, "batch_size", "point_batch_size", "num_points", 2)
            .Input("input_labels", I64, "batch_size", "point_batch_size", "num_points")
            .Input("input_boxes", F32, "batch_size", "num_boxes", 4)
            .Input("image_embeddings.0", F32, "batch_size", 32, 256, 256)
            .Input("image_embeddings.1", F32, "batch_size", 64, 128, 128)
            .Input("image_embeddings.2", F32, "batch_size", 256, 64, 64)
            .Output("iou_scores", F32, "batch_size", "point_batch_size", 3)
            .Output("pred_masks", F32, "batch_size", "point_batch_size", 3, 256, 256)
            .Output("object_score_logits", F32, "batch_size", "point_batch_size", 1)
            .Constant("gx", gx, 1, 256).Constant("gy", gx, 256, 1)
            .Constant("i0", [0L], 1).Constant("i1", [1L], 1).Constant("i2", [2L], 1).Constant("i3", [3L], 1)
            .Constant("s5", [1L, 1, 1, 1, 1], 5)
            .Constant("far", [1000f])
            .Constant("iou", [0.1f, 0.9f, 0.2f], 1, 1, 3)
            .Constant("objectness", [5f], 1, 1, 1)
            .Node("Gather", ["input_boxes", "i0"], ["x1r"], ("axis", 2)).Node("Reshape", ["x1r", "s5"], ["x1"])
            .Node("Gather", ["input_boxes", "i1"], ["y1r"], ("axis", 2)).Node("Reshape", ["y1r", "s5"], ["y1"])
            .Node("Gather", ["input_boxes", "i2"], ["x2r"], ("axis", 2)).Node("Reshape", ["x2r", "s5"], ["x2"])
            .Node("Gather", ["input_boxes", "i3"], ["y2r"], ("axis", 2)).Node("Reshape", ["y2r", "s5"], ["y2"])
            .Node("Sub", ["gx", "x1"], ["dl"]).Node("Sub", ["x2", "gx"], ["dr"])
            .Node("Sub", ["gy", "y1"], ["dt"]).Node("Sub", ["y2", "gy"], ["db"])
            .Node("Min", ["dl", "dr", "dt", "db"], ["inside"])
            .Node("Sub", ["inside", "far"], ["outside"])
            .Node("Concat", ["outside", "inside", "outside"], ["pred_masks"], ("axis", 2))
            .Node("Identity", ["iou"], ["iou_scores"])
            .Node("Identity", ["objectness"], ["object_score_logits"])
            .Build();
    }

    /// <summary>
    /// Grounding DINO: <c>logits[0, q, t] = E[input_ids[t], q]</c> (900 queries), padded to 256 text positions
    /// with −100; <c>pred_boxes</c> a constant table. Both image inputs are declared as in the export.
    /// </summary>
    public static byte[] GroundingDino(float[,] tokenQueryLogits, float[] boxes, object height = null!, object width = null!)
    {
        var vocab = tokenQueryLogits.GetLength(0);
        var e = new float[vocab * 900];
        Array.Fill(e, -10f);
        for (var v = 0; v < vocab; v++)
            for (var q = 0; q < tokenQueryLogits.GetLength(1); q++)
                e[v * 900 + q] = tokenQueryLogits[v, q];
        var table = new float[900 * 4];
        Array.Fill(table, 0.01f);
        boxes.CopyTo(table, 0);
        return new TinyGraph("grounding-dino-tiny")
            .Input("pixel_values", F32, "batch_size", 3, height ?? "height", width ?? "width")
            .Input("input_ids", I64, "batch_size", "sequence_length")
            .Input("token_type_ids", I64, "batch_size", "sequence_length")
            .Input("attention_mask", I64, "batch_size", "sequence_length")
            .Input("pixel_mask", I64, "batch_size", height ?? "height", width ?? "width")
            .Output("logits", F32, "batch_size", 900, 256)
            .Output("pred_boxes", F32, "batch_size", 900, 4)
            .Constant("E", e, vocab, 900)
            .Constant("boxes", table, 1, 900, 4)
            .Constant("i1", [1L], 1)
            .Constant("c256", [256L], 1)
            .Constant("zeros5", [0L, 0, 0, 0, 0], 5)
            .Constant("pad_value", [-100f])
            .Node("Gather", ["E", "input_ids"], ["per_token"], ("axis", 0))
            .Node("Transpose", ["per_token"], ["per_query"], ("perm", new long[] { 0, 2, 1 }))
            .Node("Shape", ["input_ids"], ["ids_shape"])
            .Node("Gather", ["ids_shape", "i1"], ["t"], ("axis", 0))
            .Node("Sub", ["c256", "t"], ["pad_len"])
            .Node("Concat", ["zeros5", "pad_len"], ["pads"], ("axis", 0))
            .Node("Pad", ["per_query", "pads", "pad_value"], ["logits"])
            .Node("Identity", ["boxes"], ["pred_boxes"])
            .Build();
    }
}
