using Inpaint.Inference.Sessions;
using Inpaint.Inference.Tokenizers;

namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>
/// The parts of a Stable Diffusion inpainting ONNX export (diffusers script or Optimum layout):
/// <c>text_encoder/model.onnx</c>, <c>unet/model.onnx</c>, <c>vae_encoder/model.onnx</c>,
/// <c>vae_decoder/model.onnx</c> and the CLIP tokenizer.
/// </summary>
public sealed record StableDiffusionModels(
    ModelSession TextEncoder,
    ModelSession Unet,
    ModelSession VaeEncoder,
    ModelSession VaeDecoder,
    ClipTokenizer Tokenizer) : IDisposable
{
    /// <summary>Loads the export from its folder (tokenizer from <c>tokenizer/tokenizer.json</c>).</summary>
    public static StableDiffusionModels Load(string folder, ModelSessionOptions? options = null) => new(
        ModelSession.Load(Path.Combine(folder, "text_encoder", "model.onnx"), options),
        ModelSession.Load(Path.Combine(folder, "unet", "model.onnx"), options),
        ModelSession.Load(Path.Combine(folder, "vae_encoder", "model.onnx"), options),
        ModelSession.Load(Path.Combine(folder, "vae_decoder", "model.onnx"), options),
        ClipTokenizer.FromFile(Path.Combine(folder, "tokenizer", "tokenizer.json")));

    public void Dispose()
    {
        TextEncoder.Dispose();
        Unet.Dispose();
        VaeEncoder.Dispose();
        VaeDecoder.Dispose();
    }
}
