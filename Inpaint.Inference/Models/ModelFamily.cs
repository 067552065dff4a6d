using System.Text.Json.Serialization;

namespace Inpaint.Inference.Models;

/// <summary>Which engine code runs a model; the export details that differ within a family live in
/// <see cref="ImagePreprocessing"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelFamily>))]
public enum ModelFamily
{
    /// <summary>Text → mask, coarse and fast (CLIPSeg rd64-refined).</summary>
    ClipSeg,

    /// <summary>Text → boxes (Grounding DINO tiny).</summary>
    GroundingDino,

    /// <summary>Boxes → masks (SAM 2.1 encoder + prompt decoder).</summary>
    Sam2,

    /// <summary>Salient-object mask (ISNet, BiRefNet, U²-Net style single-output exports).</summary>
    SalientObject,

    /// <summary>Text → masks in one model (SAM 3 vision + text encoders and DETR-style decoder).</summary>
    Sam3Text,

    /// <summary>Removal without a prompt: MI-GAN pipeline export (uint8 in and out, 255 = keep).</summary>
    MiGan,

    /// <summary>Removal without a prompt: LaMa (fixed 512², float in [0,1], 1 = hole, output in [0,255]).</summary>
    Lama,

    /// <summary>Prompted inpainting: a Stable Diffusion inpainting export (9-channel UNet, diffusers layout).</summary>
    StableDiffusionInpaint,

    /// <summary>Prompted inpainting: FLUX.1 Fill [dev] (Optimum layout; no public ONNX export exists).</summary>
    FluxFill,

    /// <summary>Prompted editing: FLUX.2 [klein] (Qwen3 text encoder, reference-image transformer, FLUX.2 VAE).</summary>
    Flux2Klein,

    /// <summary>Anything else the store keeps; no engine reads it.</summary>
    Other,
}
