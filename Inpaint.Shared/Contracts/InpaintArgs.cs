using System.Text.Json.Serialization;
using Inpaint.Shared.Limits;

namespace Inpaint.Shared.Contracts;

/// <summary>
/// Validated arguments of an inpainting task with every default filled in (the spec's names).
/// <see cref="Image"/> and <see cref="MaskImage"/> are image references: an upload (<c>upload:ID</c>),
/// or an https URL. Data URIs are stored as uploads at creation, so rows and queue messages stay small.
/// </summary>
public sealed record InpaintArgs
{
    [JsonPropertyName("image")] public required string Image { get; init; }

    [JsonPropertyName("masking_prompt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MaskingPrompt { get; init; }

    [JsonPropertyName("mask_image")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MaskImage { get; init; }

    [JsonPropertyName("use_rembg")] public bool UseRembg { get; init; }

    [JsonPropertyName("inpaint_foreground")] public bool InpaintForeground { get; init; }

    /// <summary>What to put in the region; empty means remove what is there (fill from the surroundings).</summary>
    [JsonPropertyName("inpainting_prompt")] public string InpaintingPrompt { get; init; } = "";

    [JsonPropertyName("resolution")] public int Resolution { get; init; } = ArgLimits.Resolution.Default;

    [JsonPropertyName("creativity")] public double Creativity { get; init; } = ArgLimits.Creativity.Default;

    [JsonPropertyName("mask_blur")] public double MaskBlur { get; init; } = ArgLimits.MaskBlur.Default;

    [JsonPropertyName("mask_expand")] public int MaskExpand { get; init; } = ArgLimits.MaskExpand.Default;

    [JsonPropertyName("n_samples")] public int NSamples { get; init; } = ArgLimits.NSamples.Default;

    [JsonPropertyName("seed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Seed { get; init; }

    [JsonPropertyName("output_format")] public string OutputFormat { get; init; } = "png";

    /// <summary>Match the generated region's colour mean and spread to the original around the seam.</summary>
    [JsonPropertyName("color_match")] public bool ColorMatch { get; init; }

    /// <summary>Where the final task is POSTed, signed (<c>X-Inpaint-Signature</c>); null for no webhook.</summary>
    [JsonPropertyName("webhook_url")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WebhookUrl { get; init; }

    /// <summary>Which way the region was chosen, by the spec's priority: prompt, then rembg, then mask.</summary>
    [JsonIgnore]
    public RegionSource Region =>
        !string.IsNullOrWhiteSpace(MaskingPrompt) ? RegionSource.Prompt
        : UseRembg ? RegionSource.Foreground
        : RegionSource.MaskImage;
}
