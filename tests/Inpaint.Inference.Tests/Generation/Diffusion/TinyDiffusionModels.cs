using System.Text;
using System.Text.Json;
using Inpaint.Inference.Generation.Diffusion;
using Inpaint.Inference.Sessions;
using Inpaint.Inference.Tests.TinyModels;
using Inpaint.Inference.Tokenizers;
using static Inpaint.Inference.Tests.TinyModels.TinyGraph;

namespace Inpaint.Inference.Tests.Generation.Diffusion;

/// <summary>
/// Tiny stand-ins for the generation exports: the real input/output names, element types and ranks
/// (MODELS.md §4–§6), with a few cheap ops that make every input matter (text changes the prediction,
/// the mask and masked latents feed the output, the timestep and guidance shift it). With
/// <c>StaticBatch</c> every dimension is fixed, so ORT itself checks each stage's shapes.
/// </summary>
public static class TinyDiffusionModels
{
    public const int TextDim = 8;

    /// <summary>Static shapes for one sample of a crop of <paramref name="width"/>×<paramref name="height"/>, or symbolic ones.</summary>
    public sealed record Shape(int Width, int Height, bool Static)
    {
        public object Batch(int n) => Static ? n : "batch";
        public object H => Static ? Height : "height";
        public object W => Static ? Width : "width";
        public object Lh => Static ? Height / 8 : "latent_height";
        public object Lw => Static ? Width / 8 : "latent_width";
        public object Tokens => Static ? Height / 16 * (Width / 16) : "tokens";
    }

    // ---------- tokenizers ----------

    /// <summary>A CLIP BPE tokenizer.json over the letters a–z (whole words split into letters, one merge "c a").</summary>
    public static ClipTokenizer Clip()
    {
        var vocab = new Dictionary<string, int>();
        for (int i = 0; i < 26; i++)
        {
            vocab[((char)('a' + i)).ToString()] = i;
            vocab[(char)('a' + i) + "</w>"] = 26 + i;
        }
        vocab["ca"] = 52;
        vocab["<|startoftext|>"] = 60;
        vocab["<|endoftext|>"] = 61;
        var json = JsonSerializer.Serialize(new
        {
            model = new { type = "BPE", vocab, merges = new[] { "c a" } },
            added_tokens = new[] { new { id = 60, content = "<|startoftext|>" }, new { id = 61, content = "<|endoftext|>" } },
        });
        return ClipTokenizer.FromJson(new MemoryStream(Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>A T5-style Unigram tokenizer.json: pad 0, eos 1, unk 2, ▁ and the letters, a few words.</summary>
    public static UnigramTokenizer T5()
    {
        var vocab = new List<object[]> { new object[] { "<pad>", 0.0 }, new object[] { "</s>", 0.0 }, new object[] { "<unk>", 0.0 }, new object[] { "\u2581", -2.0 } };
        for (int i = 0; i < 26; i++) vocab.Add([((char)('a' + i)).ToString(), -5.0]);
        vocab.Add(["\u2581a", -3.0]);
        vocab.Add(["\u2581cat", -4.0]);
        vocab.Add(["\u2581red", -4.0]);
        vocab.Add(["hat", -4.5]);
        var json = JsonSerializer.Serialize(new { model = new { type = "Unigram", unk_id = 2, vocab } });
        return UnigramTokenizer.FromJson(new MemoryStream(Encoding.UTF8.GetBytes(json)));
    }

    // ---------- shared pieces ----------

    /// <summary>ids [B, T] → hidden [B, T, D] = ids·w/60 (w a fixed ramp), pooled [B, D] = mean over T.</summary>
    private static byte[] TextEncoder(string name, Onnx.TensorProto.Types.DataType idType, object batch, object length, int dim, string hiddenName, string? pooledName)
    {
        var g = new TinyGraph(name)
            .Input("input_ids", idType, batch, length)
            .Output(hiddenName, F32, batch, length, dim)
            .Constant("w", Enumerable.Range(0, dim).Select(i => (i + 1) / 60f * (i % 2 == 0 ? 1 : -1)).ToArray(), 1, 1, dim)
            .Constant("axis2", [2L], 1)
            .Node("Cast", ["input_ids"], ["idsf"], ("to", (int)F32))
            .Node("Unsqueeze", ["idsf", "axis2"], ["ids3"])
            .Node("Mul", ["ids3", "w"], [hiddenName]);
        if (pooledName is not null)
            g.Output(pooledName, F32, batch, dim).Node("ReduceMean", [hiddenName], [pooledName], ("axes", new long[] { 1 }), ("keepdims", 0));
        return g.Build();
    }

    /// <summary>sample [B,3,H,W] → 8× average pool → 1×1 conv to <paramref name="channels"/>.</summary>
    private static byte[] VaeEncoder(Shape s, int batch, int channels, string outputName)
    {
        var w = new float[channels * 3];
        for (int i = 0; i < w.Length; i++) w[i] = ((i * 7) % 5 - 2) * 0.3f + (i % 3 == i / 3 % 3 ? 0.5f : 0f);
        return new TinyGraph("vae_encoder")
            .Input("sample", F32, s.Batch(batch), 3, s.H, s.W)
            .Output(outputName, F32, s.Batch(batch), channels, s.Lh, s.Lw)
            .Constant("w", w, channels, 3, 1, 1)
            .Node("AveragePool", ["sample"], ["pooled"], ("kernel_shape", new long[] { 8, 8 }), ("strides", new long[] { 8, 8 }))
            .Node("Conv", ["pooled", "w"], [outputName])
            .Build();
    }

    /// <summary>latents [B,C,h,w] → 1×1 conv to RGB → tanh → 8× nearest upsampling.</summary>
    private static byte[] VaeDecoder(Shape s, int channels, string inputName, string outputName)
    {
        var w = new float[3 * channels];
        for (int i = 0; i < w.Length; i++) w[i] = ((i * 5) % 7 - 3) * 0.15f;
        return new TinyGraph("vae_decoder")
            .Input(inputName, F32, s.Batch(1), channels, s.Lh, s.Lw)
            .Output(outputName, F32, s.Batch(1), 3, s.H, s.W)
            .Constant("w", w, 3, channels, 1, 1)
            .Constant("scales", [1f, 1f, 8f, 8f], 4)
            .Node("Conv", [inputName, "w"], ["rgb"])
            .Node("Tanh", ["rgb"], ["bounded"])
            .Node("Resize", ["bounded", "", "scales"], [outputName], ("mode", "nearest"))
            .Build();
    }

    // ---------- Stable Diffusion inpainting ----------

    /// <summary>
    /// The UNet: out_sample = 0.9·latents + 0.1·mask + 0.2·masked_latents + 2·mean(text) + 0.0005·t.
    /// <paramref name="optimum"/>: int64 scalar timestep (Optimum); otherwise float32 [1] (diffusers script).
    /// <paramref name="half"/>: fp16 sample/encoder_hidden_states/out_sample, cast inside.
    /// </summary>
    private static byte[] Unet(Shape s, int batch, bool optimum, bool half, int textDim)
    {
        var io = half ? F16 : F32;
        var g = new TinyGraph("unet")
            .Input("sample", io, s.Batch(2 * batch), 9, s.Lh, s.Lw);
        if (optimum) g.Input("timestep", I64);
        else g.Input("timestep", F32, 1);
        g.Input("encoder_hidden_states", io, s.Batch(2 * batch), 77, textDim)
            .Output("out_sample", io, s.Batch(2 * batch), 4, s.Lh, s.Lw)
            .Constant("s0", [0L], 1).Constant("s4", [4L], 1).Constant("s5", [5L], 1).Constant("s9", [9L], 1).Constant("ax1", [1L], 1).Constant("ax3", [3L], 1)
            .Constant("c09", [0.9f], 1).Constant("c01", [0.1f], 1).Constant("c02", [0.2f], 1).Constant("c2", [2f], 1).Constant("ct", [0.0005f], 1)
            .Constant("tshape", [-1L, 1L, 1L, 1L], 4)
            .Node("Cast", ["sample"], ["x9"], ("to", (int)F32))
            .Node("Cast", ["encoder_hidden_states"], ["ehs"], ("to", (int)F32))
            .Node("Cast", ["timestep"], ["tf"], ("to", (int)F32))
            .Node("Slice", ["x9", "s0", "s4", "ax1"], ["x"])
            .Node("Slice", ["x9", "s4", "s5", "ax1"], ["mk"])
            .Node("Slice", ["x9", "s5", "s9", "ax1"], ["ml"])
            .Node("ReduceMean", ["ehs"], ["e3"], ("axes", new long[] { 1, 2 }), ("keepdims", 1))
            .Node("Unsqueeze", ["e3", "ax3"], ["e4"])
            .Node("Reshape", ["tf", "tshape"], ["t4"])
            .Node("Mul", ["x", "c09"], ["a"]).Node("Mul", ["mk", "c01"], ["b"]).Node("Mul", ["ml", "c02"], ["c"])
            .Node("Mul", ["e4", "c2"], ["d"]).Node("Mul", ["t4", "ct"], ["e"])
            .Node("Add", ["a", "b"], ["ab"]).Node("Add", ["ab", "c"], ["abc"]).Node("Add", ["abc", "d"], ["abcd"]).Node("Add", ["abcd", "e"], ["out32"])
            .Node("Cast", ["out32"], ["out_sample"], ("to", (int)io));
        return g.Build();
    }

    /// <summary>
    /// A Stable Diffusion inpainting export in miniature. <paramref name="optimum"/> switches to Optimum's
    /// variants (int64 ids, scalar int64 timestep, <c>latent_parameters</c>); otherwise the diffusers
    /// script's (int32 ids, float [1] timestep, <c>latent_sample</c>).
    /// </summary>
    public static StableDiffusionModels StableDiffusion(Shape s, int batch = 1, bool optimum = false, bool half = false, int textDim = TextDim)
    {
        var o = ModelSessionOptions.Cpu;
        return new StableDiffusionModels(
            ModelSession.Load("text_encoder", TextEncoder("text_encoder", optimum ? I64 : I32, s.Static ? 2 : "batch", 77, textDim, "last_hidden_state", "pooler_output"), o),
            ModelSession.Load("unet", Unet(s, batch, optimum, half, textDim), o),
            ModelSession.Load("vae_encoder", VaeEncoder(s, batch, optimum ? 8 : 4, optimum ? "latent_parameters" : "latent_sample"), o),
            ModelSession.Load("vae_decoder", VaeDecoder(s, 4, "latent_sample", "sample"), o),
            Clip());
    }

    // ---------- FLUX.1 Fill ----------

    /// <summary>
    /// The Fill transformer: v = −0.5·latents + 0.3·masked_latents + 0.2·mask[0:64] + mean(T5) + mean(pooled)
    /// + 0.1·t + 0.01·guidance + 0.001·mean(img_ids) + mean(txt_ids). <paramref name="channels"/> 384 is Fill.
    /// </summary>
    private static byte[] Transformer(Shape s, int batch, int sequence, string outputName, int channels, int textDim, int pooledDim, Onnx.TensorProto.Types.DataType io)
    {
        // Inputs of the export's element type are cast to fp32 inside, and the output back (a bf16 or
        // fp16 export computes in its own type; only the I/O contract matters here).
        return new TinyGraph("transformer")
            .Input("hidden_states", io, s.Batch(batch), s.Tokens, channels)
            .Input("encoder_hidden_states", io, s.Batch(batch), sequence, textDim)
            .Input("pooled_projections", io, s.Batch(batch), pooledDim)
            .Input("timestep", io, s.Batch(batch))
            .Input("img_ids", F32, s.Tokens, 3)
            .Input("txt_ids", F32, sequence, 3)
            .Input("guidance", F32, s.Batch(batch))
            .Output(outputName, io, s.Batch(batch), s.Tokens, 64)
            .Constant("s0", [0L], 1).Constant("s64", [64L], 1).Constant("s128", [128L], 1).Constant("s192", [192L], 1).Constant("ax2", [2L], 1).Constant("ax12", [1L, 2L], 2)
            .Constant("cx", [-0.5f], 1).Constant("cm", [0.3f], 1).Constant("ck", [0.2f], 1).Constant("ct", [0.1f], 1).Constant("cg", [0.01f], 1).Constant("ci", [0.001f], 1)
            .Node("Cast", ["hidden_states"], ["hs"], ("to", (int)F32))
            .Node("Cast", ["encoder_hidden_states"], ["ehs"], ("to", (int)F32))
            .Node("Cast", ["pooled_projections"], ["pp"], ("to", (int)F32))
            .Node("Cast", ["timestep"], ["ts"], ("to", (int)F32))
            .Node("Slice", ["hs", "s0", "s64", "ax2"], ["x"])
            // A dev/schnell-shaped (64-channel) transformer reads its only 64 channels three times.
            .Node("Slice", ["hs", channels == 384 ? "s64" : "s0", channels == 384 ? "s128" : "s64", "ax2"], ["ml"])
            .Node("Slice", ["hs", channels == 384 ? "s128" : "s0", channels == 384 ? "s192" : "s64", "ax2"], ["mk"])
            .Node("ReduceMean", ["ehs"], ["e"], ("axes", new long[] { 1, 2 }), ("keepdims", 1))
            .Node("ReduceMean", ["pp"], ["p2"], ("axes", new long[] { 1 }), ("keepdims", 1))
            .Node("Unsqueeze", ["p2", "ax2"], ["p"])
            .Node("Unsqueeze", ["ts", "ax12"], ["t"])
            .Node("Unsqueeze", ["guidance", "ax12"], ["g"])
            .Node("ReduceMean", ["img_ids"], ["iid"], ("axes", new long[] { 0, 1 }), ("keepdims", 0))
            .Node("ReduceMean", ["txt_ids"], ["tid"], ("axes", new long[] { 0, 1 }), ("keepdims", 0))
            .Node("Mul", ["x", "cx"], ["a"]).Node("Mul", ["ml", "cm"], ["b"]).Node("Mul", ["mk", "ck"], ["c"])
            .Node("Mul", ["t", "ct"], ["tt"]).Node("Mul", ["g", "cg"], ["gg"]).Node("Mul", ["iid", "ci"], ["ii"])
            .Node("Add", ["a", "b"], ["s1"]).Node("Add", ["s1", "c"], ["s2"]).Node("Add", ["s2", "e"], ["s3"]).Node("Add", ["s3", "p"], ["s4"])
            .Node("Add", ["s4", "tt"], ["s5"]).Node("Add", ["s5", "gg"], ["s6"]).Node("Add", ["s6", "ii"], ["s7"]).Node("Add", ["s7", "tid"], ["v32"])
            .Node("Cast", ["v32"], [outputName], ("to", (int)io))
            .Build();
    }

    /// <summary>
    /// A FLUX.1 Fill export in miniature. <paramref name="optimum"/>: Optimum names (<c>pooler_output</c>,
    /// <c>last_hidden_state</c>, <c>out_hidden_states</c>, <c>latent_parameters</c>, decoder
    /// <c>latent_sample</c> → <c>sample</c>); otherwise BFL/TensorRT names (<c>pooled_embeddings</c>,
    /// <c>text_embeddings</c>, <c>latent</c>, decoder <c>latent</c> → <c>images</c>).
    /// </summary>
    public static FluxFillModels Flux(Shape s, int batch = 1, int sequence = 16, bool optimum = false, int channels = 384, int textDim = TextDim, int pooledDim = TextDim, Onnx.TensorProto.Types.DataType transformerIo = F32)
    {
        var o = ModelSessionOptions.Cpu;
        return new FluxFillModels(
            ModelSession.Load("clip", TextEncoder("clip", I64, s.Static ? 1 : "batch", 77, pooledDim, optimum ? "last_hidden_state" : "text_embeddings", optimum ? "pooler_output" : "pooled_embeddings"), o),
            ModelSession.Load("t5", TextEncoder("t5", I64, s.Static ? 1 : "batch", sequence, textDim, optimum ? "last_hidden_state" : "text_embeddings", null), o),
            ModelSession.Load("transformer", Transformer(s, batch, sequence, optimum ? "out_hidden_states" : "latent", channels, textDim, pooledDim, transformerIo), o),
            ModelSession.Load("vae_encoder", VaeEncoder(s, batch, optimum ? 32 : 16, optimum ? "latent_parameters" : "latent_sample"), o),
            ModelSession.Load("vae_decoder", VaeDecoder(s, 16, optimum ? "latent_sample" : "latent", optimum ? "sample" : "images"), o),
            Clip(),
            T5());
    }

    // ---------- LaMa ----------

    /// <summary>
    /// LaMa's contract: image [batch,3,512,512] in [0,1], mask [batch,1,512,512] (1 = hole) → output in
    /// [0,255], composited in the graph: (mask·0.5 + (1 − mask)·image)·255, clamped.
    /// </summary>
    public static ModelSession Lama(object batch) => ModelSession.Load("lama", LamaBytes(batch), ModelSessionOptions.Cpu);

    public static byte[] LamaBytes(object batch) =>
        new TinyGraph("lama")
            .Input("image", F32, batch, 3, 512, 512)
            .Input("mask", F32, batch, 1, 512, 512)
            .Output("output", F32, batch, 3, 512, 512)
            .Constant("one", [1f], 1).Constant("half", [0.5f], 1).Constant("c255", [255f], 1).Constant("zero", [0f], 1)
            .Node("Sub", ["one", "mask"], ["keep"])
            .Node("Mul", ["image", "keep"], ["kept"])
            .Node("Mul", ["mask", "half"], ["pred"])
            .Node("Add", ["kept", "pred"], ["composite"])
            .Node("Mul", ["composite", "c255"], ["scaled"])
            .Node("Clip", ["scaled", "zero", "c255"], ["output"])
            .Build();
}
