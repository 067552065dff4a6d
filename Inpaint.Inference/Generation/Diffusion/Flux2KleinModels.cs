using Inpaint.Inference.Sessions;
using Inpaint.Inference.Tokenizers;

namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>
/// The parts of a FLUX.2 [klein] ONNX export: the Qwen3 text encoder (<c>input_ids</c>, <c>attention_mask</c> →
/// <c>prompt_embeds</c> [1, 512, 7680] for 4B), the transformer (<c>hidden_states</c> [B, S, 128],
/// <c>encoder_hidden_states</c>, <c>timestep</c> σ, <c>img_ids</c> [B, S, 4], <c>txt_ids</c> [B, 512, 4] →
/// <c>noise_pred</c>), the VAE encoder and decoder on normalised, patchified latents [B, 128, H/16, W/16], and
/// the Qwen tokenizer.
/// </summary>
public sealed record Flux2KleinModels(
    ModelSession TextEncoder,
    ModelSession Transformer,
    ModelSession VaeEncoder,
    ModelSession VaeDecoder,
    QwenChatTokenizer Tokenizer) : IDisposable
{
    /// <summary>
    /// Loads <c>text_encoder/model.onnx</c>, <c>transformer/model.onnx</c>, <c>vae_encoder/model.onnx</c>,
    /// <c>vae_decoder/model.onnx</c> and <c>tokenizer/tokenizer.json</c> (the <c>flux2-klein-4b</c> catalog layout).
    /// </summary>
    public static Flux2KleinModels Load(string folder, ModelSessionOptions? options = null) => new(
        ModelSession.Load(Path.Combine(folder, "text_encoder", "model.onnx"), options),
        ModelSession.Load(Path.Combine(folder, "transformer", "model.onnx"), options),
        ModelSession.Load(Path.Combine(folder, "vae_encoder", "model.onnx"), options),
        ModelSession.Load(Path.Combine(folder, "vae_decoder", "model.onnx"), options),
        QwenChatTokenizer.FromFile(Path.Combine(folder, "tokenizer", "tokenizer.json")));

    public void Dispose()
    {
        TextEncoder.Dispose();
        Transformer.Dispose();
        VaeEncoder.Dispose();
        VaeDecoder.Dispose();
        Tokenizer.Dispose();
    }
}
