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

    /// <summary>Anything else the store keeps (generation models); the region engines ignore it.</summary>
    Other,
}
