using Inpaint.Shared.Contracts;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Pricing;
using Inpaint.Shared.Validation;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Tools;

/// <summary>
/// The tools this service runs, described for <c>GET /v2/tools</c>: every argument the validator accepts, with the
/// ranges and defaults of <see cref="ArgLimits"/> and the choices of <see cref="ArgsValidator"/> (the same values it
/// checks), and the price formula of <see cref="PricingOptions"/>. A test holds the names to the validator's list.
/// </summary>
public sealed class ToolCatalog(IOptions<PricingOptions> pricing)
{
    public IReadOnlyList<ToolDescription> All => [FluxInpainting()];

    public ToolDescription Get(string key) =>
        All.FirstOrDefault(t => t.Key == key) ?? throw new ToolNotFoundException(key);

    private ToolDescription FluxInpainting() => new()
    {
        Key = ToolNames.FluxInpainting,
        Name = "Inpaint",
        Description = "Replace part of an image: the region is chosen by a text prompt, by the foreground/background, or by a mask image; "
            + "the region is regenerated (or removed, with an empty inpainting_prompt) and composited back into the original at full resolution.",
        CostEstimate = $"{pricing.Value.CreditsPerSample} * n_samples",
        Parameters =
        [
            Image("image", "Image", "The image to edit: a URL (https), a data: URI, an upload reference (upload:ID) or a /media/upload url.", required: true),
            Text("masking_prompt", "Masking prompt", "What to replace, in words (comma-separated phrases are combined); takes priority over use_rembg and mask_image."),
            Image("mask_image", "Mask image", "The region to replace, white on black (or alpha); used when there is no masking_prompt and use_rembg is false. Resized to the image when the sizes differ.", required: false),
            Flag("use_rembg", "Use background removal", "Select the region as the salient foreground/background instead of a prompt or mask."),
            Flag("inpaint_foreground", "Inpaint foreground", "With use_rembg: replace the foreground instead of the background."),
            Text("inpainting_prompt", "Inpainting prompt", "What to put in the region; empty removes what is there (fills from the surroundings).", ""),
            Integer("resolution", "Resolution", "Long side of the working crop around the region, in pixels (rounded to a multiple of 16).", ArgLimits.Resolution),
            Number("creativity", "Creativity", "How strongly the result follows the surrounding image (higher) rather than the prompt (lower).", ArgLimits.Creativity),
            Number("mask_blur", "Mask blur", "Feather of the region's edge: Gaussian σ in working pixels.", ArgLimits.MaskBlur),
            Integer("mask_expand", "Mask expand", "Grow the region by this many working pixels before the feather.", ArgLimits.MaskExpand),
            Integer("n_samples", "Samples", "How many results to make; sample i uses seed + i.", ArgLimits.NSamples),
            new ToolParameter
            {
                Name = "seed", Label = "Seed", Description = "Random seed; left out, one is chosen and reported with each sample.",
                Schema = new("integer"), Minimum = ArgLimits.Seed.Min, Maximum = ArgLimits.Seed.Max,
            },
            new ToolParameter
            {
                Name = "output_format", Label = "Output format", Description = "Encoding of the outputs.",
                Schema = new("string"), Default = ArgsValidator.OutputFormats[0], Choices = ArgsValidator.OutputFormats,
            },
            Flag("color_match", "Colour match", "Match the generated region's colour mean and spread to the original around the seam."),
            new ToolParameter
            {
                Name = "webhook_url", Label = "Webhook URL", Description = "Where the final task is POSTed, signed (X-Inpaint-Signature).",
                Schema = new("string"), MaxLength = ArgLimits.MaxReferenceLength,
            },
        ],
    };

    private static ToolParameter Image(string name, string label, string description, bool required) => new()
    {
        Name = name, Label = label, Description = description, Schema = new("image"), Required = required, MaxLength = ArgLimits.MaxReferenceLength,
    };

    private static ToolParameter Text(string name, string label, string description, string? fallback = null) => new()
    {
        Name = name, Label = label, Description = description, Schema = new("string"), Default = fallback, MaxLength = ArgLimits.MaxPromptLength,
    };

    private static ToolParameter Flag(string name, string label, string description) => new()
    {
        Name = name, Label = label, Description = description, Schema = new("boolean"), Default = false,
    };

    private static ToolParameter Integer(string name, string label, string description, ArgLimits.Range<int> range) => new()
    {
        Name = name, Label = label, Description = description, Schema = new("integer"), Default = range.Default, Minimum = range.Min, Maximum = range.Max,
    };

    private static ToolParameter Number(string name, string label, string description, ArgLimits.Range<double> range) => new()
    {
        Name = name, Label = label, Description = description, Schema = new("float"), Default = range.Default, Minimum = range.Min, Maximum = range.Max,
    };
}
