using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>
/// A sample's intermediate outputs in Eden's shape: lists of media outputs, keyed by Eden's names. The preview is the
/// working crop with the region tinted; the mask is the feathered composite alpha at the working size.
/// </summary>
public sealed record IntermediateOutputs(
    [property: JsonPropertyName("inpaint_preview")] IReadOnlyList<OutputFile> InpaintPreview,
    [property: JsonPropertyName("inpaint_mask")] IReadOnlyList<OutputFile> InpaintMask);
