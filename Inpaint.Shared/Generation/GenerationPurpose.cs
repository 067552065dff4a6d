using System.Text.Json.Serialization;

namespace Inpaint.Shared.Generation;

/// <summary>What an engine is for: removing the region (empty prompt) or generating what a prompt asks.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GenerationPurpose>))]
public enum GenerationPurpose
{
    /// <summary>Fills the region from its surroundings and ignores any prompt (PatchMatch, LaMa, MI-GAN).</summary>
    Removal,

    /// <summary>Follows the prompt (Stable Diffusion inpainting, FLUX.1 Fill, FLUX.2 klein).</summary>
    Generative,
}
