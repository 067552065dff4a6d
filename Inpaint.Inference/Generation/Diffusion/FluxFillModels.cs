using Inpaint.Inference.Sessions;
using Inpaint.Inference.Tokenizers;

namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>
/// The parts of a FLUX.1 Fill [dev] ONNX export: CLIP-L text encoder (pooled output), T5-XXL encoder,
/// the Fill transformer (384-channel input), VAE encoder and decoder, and both tokenizers.
/// </summary>
public sealed record FluxFillModels(
    ModelSession ClipTextEncoder,
    ModelSession T5Encoder,
    ModelSession Transformer,
    ModelSession VaeEncoder,
    ModelSession VaeDecoder,
    ClipTokenizer ClipTokenizer,
    UnigramTokenizer T5Tokenizer) : IDisposable
{
    /// <summary>
    /// Loads the Optimum-style layout: <c>text_encoder/</c>, <c>text_encoder_2/</c>, <c>transformer/</c>,
    /// <c>vae_encoder/</c>, <c>vae_decoder/</c> (each <c>model.onnx</c>), <c>tokenizer/tokenizer.json</c> and
    /// <c>tokenizer_2/tokenizer.json</c>.
    /// </summary>
    public static FluxFillModels Load(string folder, ModelSessionOptions? options = null) => new(
        ModelSession.Load(Path.Combine(folder, "text_encoder", "model.onnx"), options),
        ModelSession.Load(Path.Combine(folder, "text_encoder_2", "model.onnx"), options),
        ModelSession.Load(Path.Combine(folder, "transformer", "model.onnx"), options),
        ModelSession.Load(Path.Combine(folder, "vae_encoder", "model.onnx"), options),
        ModelSession.Load(Path.Combine(folder, "vae_decoder", "model.onnx"), options),
        ClipTokenizer.FromFile(Path.Combine(folder, "tokenizer", "tokenizer.json")),
        UnigramTokenizer.FromFile(Path.Combine(folder, "tokenizer_2", "tokenizer.json")));

    public void Dispose()
    {
        ClipTextEncoder.Dispose();
        T5Encoder.Dispose();
        Transformer.Dispose();
        VaeEncoder.Dispose();
        VaeDecoder.Dispose();
    }
}
