using System.Text.Json;
using Inpaint.Inference.Generation.Diffusion;
using Inpaint.Inference.Sessions;
using Inpaint.Inference.Tests.TinyModels;
using Inpaint.Inference.Tokenizers;
using static Inpaint.Inference.Tests.TinyModels.TinyGraph;

namespace Inpaint.Inference.Tests.Generation.Diffusion;

/// <summary>
/// A FLUX.2 [klein] export in miniature, with the published names, element types and ranks (text encoder
/// <c>input_ids</c>/<c>attention_mask</c> int64 → <c>prompt_embeds</c>; transformer <c>hidden_states</c> [B,S,128],
/// <c>encoder_hidden_states</c>, <c>timestep</c>, <c>img_ids</c> [B,S,4], <c>txt_ids</c> [B,T,4] →
/// <c>noise_pred</c>; VAE on [B,128,H/16,W/16]) and cheap ops that make every input matter: the text shifts the
/// prediction, every token sees the mean of all tokens (so the reference tokens reach the noise tokens), the
/// timestep and the position ids shift it.
/// </summary>
public static class TinyFlux2KleinModels
{
    public const int TextDim = 6;

    public static Flux2KleinModels Load(int sequence = 12, object? tokens = null, int channels = 128, int vaeChannels = 128)
    {
        var o = ModelSessionOptions.Cpu;
        return new Flux2KleinModels(
            ModelSession.Load("text_encoder", TextEncoder(sequence), o),
            ModelSession.Load("transformer", Transformer(sequence, tokens ?? "tokens", channels), o),
            ModelSession.Load("vae_encoder", VaeEncoder(vaeChannels), o),
            ModelSession.Load("vae_decoder", VaeDecoder(), o),
            QwenChatTokenizer.FromFile(TokenizerFile()));
    }

    /// <summary>ids·mask [1,T] → [1,T,D] = (ids·mask)·w/300.</summary>
    private static byte[] TextEncoder(int sequence) =>
        new TinyGraph("text_encoder")
            .Input("input_ids", I64, 1, sequence)
            .Input("attention_mask", I64, 1, sequence)
            .Output("prompt_embeds", F32, 1, sequence, TextDim)
            .Constant("w", Enumerable.Range(0, TextDim).Select(i => (i + 1) / 300f * (i % 2 == 0 ? 1 : -1)).ToArray(), 1, 1, TextDim)
            .Constant("axis2", [2L], 1)
            .Node("Mul", ["input_ids", "attention_mask"], ["kept"])
            .Node("Cast", ["kept"], ["idsf"], ("to", (int)F32))
            .Node("Unsqueeze", ["idsf", "axis2"], ["ids3"])
            .Node("Mul", ["ids3", "w"], ["prompt_embeds"])
            .Build();

    /// <summary>noise_pred = −0.5·x + 0.2·mean_tokens(x) + mean(text) + 0.1·t + 0.001·mean(img_ids) + 0.01·mean(txt_ids).</summary>
    private static byte[] Transformer(int sequence, object tokens, int channels) =>
        new TinyGraph("transformer")
            .Input("hidden_states", F32, "batch", tokens, channels)
            .Input("encoder_hidden_states", F32, "batch", sequence, TextDim)
            .Input("timestep", F32, "batch")
            .Input("img_ids", F32, "batch", tokens, 4)
            .Input("txt_ids", F32, "batch", sequence, 4)
            .Output("noise_pred", F32, "batch", tokens, channels)
            .Constant("cx", [-0.5f], 1).Constant("cm", [0.2f], 1).Constant("ct", [0.1f], 1).Constant("ci", [0.001f], 1).Constant("cj", [0.01f], 1)
            .Constant("ax12", [1L, 2L], 2)
            .Node("Mul", ["hidden_states", "cx"], ["a"])
            .Node("ReduceMean", ["hidden_states"], ["m"], ("axes", new long[] { 1 }), ("keepdims", 1))
            .Node("Mul", ["m", "cm"], ["b"])
            .Node("ReduceMean", ["encoder_hidden_states"], ["e"], ("axes", new long[] { 1, 2 }), ("keepdims", 1))
            .Node("Unsqueeze", ["timestep", "ax12"], ["t"])
            .Node("Mul", ["t", "ct"], ["tt"])
            .Node("ReduceMean", ["img_ids"], ["iid"], ("axes", new long[] { 1, 2 }), ("keepdims", 1))
            .Node("Mul", ["iid", "ci"], ["ii"])
            .Node("ReduceMean", ["txt_ids"], ["tid"], ("axes", new long[] { 1, 2 }), ("keepdims", 1))
            .Node("Mul", ["tid", "cj"], ["jj"])
            .Node("Add", ["a", "b"], ["s1"]).Node("Add", ["s1", "e"], ["s2"]).Node("Add", ["s2", "tt"], ["s3"])
            .Node("Add", ["s3", "ii"], ["s4"]).Node("Add", ["s4", "jj"], ["noise_pred"])
            .Build();

    /// <summary>sample [B,3,H,W] → 16× average pool → 1×1 conv to 128 (the export's normalised, patchified latents).</summary>
    private static byte[] VaeEncoder(int channels)
    {
        var w = new float[channels * 3];
        for (int i = 0; i < w.Length; i++) w[i] = ((i * 7) % 5 - 2) * 0.3f + (i % 3 == i / 3 % 3 ? 0.5f : 0f);
        return new TinyGraph("vae_encoder")
            .Input("image", F32, "batch", 3, "height", "width")
            .Output("latents", F32, "batch", channels, "latent_height", "latent_width")
            .Constant("w", w, channels, 3, 1, 1)
            .Node("AveragePool", ["image"], ["pooled"], ("kernel_shape", new long[] { 16, 16 }), ("strides", new long[] { 16, 16 }))
            .Node("Conv", ["pooled", "w"], ["latents"])
            .Build();
    }

    /// <summary>latents [B,128,h,w] → 1×1 conv to RGB → tanh → 16× nearest upsampling.</summary>
    private static byte[] VaeDecoder()
    {
        var w = new float[3 * 128];
        for (int i = 0; i < w.Length; i++) w[i] = ((i * 5) % 7 - 3) * 0.02f;
        return new TinyGraph("vae_decoder")
            .Input("latents", F32, "batch", 128, "latent_height", "latent_width")
            .Output("image", F32, "batch", 3, "height", "width")
            .Constant("w", w, 3, 128, 1, 1)
            .Constant("scales", [1f, 1f, 16f, 16f], 4)
            .Node("Conv", ["latents", "w"], ["rgb"])
            .Node("Tanh", ["rgb"], ["bounded"])
            .Node("Resize", ["bounded", "", "scales"], ["image"], ("mode", "nearest"))
            .Build();
    }

    /// <summary>
    /// A byte-level BPE <c>tokenizer.json</c> as Qwen's is made (GPT-2 byte-to-unicode alphabet, ByteLevel
    /// pre-tokenizer), with every byte a token (id = byte value, no merges) and Qwen's specials after them:
    /// <c>&lt;|endoftext|&gt;</c> 256, <c>&lt;|im_start|&gt;</c> 257, <c>&lt;|im_end|&gt;</c> 258.
    /// </summary>
    public static string TokenizerFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "inpaint-tests", "qwen-tokenizer.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var printable = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range('¡', '¬' - '¡' + 1)).Concat(Enumerable.Range('®', 'ÿ' - '®' + 1)).ToList();
        var vocab = new Dictionary<string, int>();
        int extra = 0;
        for (int b = 0; b < 256; b++)
            vocab[((char)(printable.Contains(b) ? b : 256 + extra++)).ToString()] = b;
        string[] specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];
        for (int i = 0; i < specials.Length; i++) vocab[specials[i]] = 256 + i;
        var json = JsonSerializer.Serialize(new
        {
            version = "1.0",
            added_tokens = specials.Select((s, i) => new { id = 256 + i, content = s, single_word = false, lstrip = false, rstrip = false, normalized = false, special = true }),
            pre_tokenizer = new { type = "ByteLevel", add_prefix_space = false, trim_offsets = true, use_regex = true },
            model = new { type = "BPE", vocab, merges = Array.Empty<string>() },
        });
        var temp = path + "." + Guid.NewGuid().ToString("N");
        File.WriteAllText(temp, json);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
