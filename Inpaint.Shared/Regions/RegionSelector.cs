using Inpaint.Shared.Contracts;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Inputs;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Validation;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Regions;

/// <summary>
/// Step 2 in one place: chooses the region to replace by text prompt, foreground/background or uploaded mask,
/// fits it to the source size and refuses a region that selects nothing. The region activities, the mask
/// preview and task creation all go through it, so a check written here holds for all three.
/// </summary>
/// <remarks>
/// The engine is optional (a host may run none); <see cref="IRegionAvailability"/> always is: the domain
/// registers <see cref="NoRegionEngine"/> and a host with engines replaces it with its own answer.
/// </remarks>
public sealed class RegionSelector(
    ImageFetcher fetcher, IOptions<LimitsOptions> limits, IRegionAvailability availability, IRegionEngine? engine = null)
{
    /// <summary>The request field that chose the region, for errors.</summary>
    public static string FieldOf(RegionSource source) => source switch
    {
        RegionSource.Prompt => "masking_prompt",
        RegionSource.Foreground => "use_rembg",
        _ => "mask_image",
    };

    /// <summary>A request whose region needs a model this server lacks is refused now, not failed later.</summary>
    public void EnsureAvailable(RegionSource source)
    {
        if (source == RegionSource.MaskImage) return;
        var field = FieldOf(source);
        if (availability.Missing(source) is { } missing)
            throw new RequestValidationException(field, $"{field}: {missing}; or send mask_image instead");
    }

    /// <summary>The raw region of <paramref name="args"/> at the size of <paramref name="source"/> (the preview's path:
    /// availability is checked first, as at creation).</summary>
    public Task<MaskPlane> SelectAsync(string user, InpaintArgs args, Image<Rgba32> source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(source);
        EnsureAvailable(args.Region);
        return args.Region switch
        {
            RegionSource.Prompt => SegmentAsync(source, args.MaskingPrompt!, cancellationToken),
            RegionSource.Foreground => ForegroundAsync(source, args.InpaintForeground, cancellationToken),
            _ => LoadMaskAsync(user, args.MaskImage!, source.Width, source.Height, cancellationToken),
        };
    }

    /// <summary>What <paramref name="prompt"/> describes, at the source size; <see cref="RegionNotFoundException"/> when nothing.</summary>
    public async Task<MaskPlane> SegmentAsync(Image<Rgba32> source, string prompt, CancellationToken cancellationToken)
    {
        var mask = Fit(await Engine(RegionSource.Prompt).SegmentAsync(source, prompt, cancellationToken), source.Width, source.Height);
        return mask.Any() ? mask : throw new RegionNotFoundException(prompt);
    }

    /// <summary>The salient object (or, unless <paramref name="inpaintForeground"/>, its inverse: the background).</summary>
    public async Task<MaskPlane> ForegroundAsync(Image<Rgba32> source, bool inpaintForeground, CancellationToken cancellationToken)
    {
        var foreground = Fit(await Engine(RegionSource.Foreground).ForegroundAsync(source, cancellationToken), source.Width, source.Height);
        var mask = inpaintForeground ? foreground : MaskOps.Invert(foreground);
        return mask.Any() ? mask : throw new RegionNotFoundException(inpaintForeground ? "foreground" : "background");
    }

    /// <summary>
    /// Reads <c>mask_image</c> of any size (alpha or luminance, see <see cref="MaskReader"/>) at
    /// <paramref name="width"/> × <paramref name="height"/>; a mask that selects nothing is refused.
    /// </summary>
    public async Task<MaskPlane> LoadMaskAsync(string user, string maskImage, int width, int height, CancellationToken cancellationToken)
    {
        var bytes = await fetcher.FetchAsync(ImageReference.Parse(maskImage), user, "mask_image", cancellationToken);
        using var image = ImageDecoder.Decode(bytes, "mask_image", limits.Value.Image);
        var mask = MaskReader.FromImage(image, width, height);
        return mask.Any() ? mask : throw new InvalidImageException("mask_image", MaskReader.SelectsNothing);
    }

    /// <summary>
    /// At creation: a stored mask that selects nothing would be charged and then fail in the orchestration, so
    /// it is refused now, at its own size. (A mask given as a URL is fetched, and checked, by the orchestration only.)
    /// </summary>
    public async Task EnsureMaskSelectsPixelsAsync(string user, string maskImage, CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(maskImage);
        if (reference.Kind != ImageReferenceKind.Upload) return;
        var bytes = await fetcher.FetchAsync(reference, user, "mask_image", cancellationToken);
        using var image = ImageDecoder.Decode(bytes, "mask_image", limits.Value.Image);
        if (!MaskReader.SelectsAny(image))
            throw new InvalidImageException("mask_image", MaskReader.SelectsNothing);
    }

    /// <summary>The activities do not ask <see cref="IRegionAvailability"/> again: creation did, and a model that
    /// went missing since fails in the engine with its own error (and its own retry classification).</summary>
    private IRegionEngine Engine(RegionSource source) =>
        engine ?? throw new InvalidOperationException($"{FieldOf(source)} needs a region engine, and this host registers none.");

    /// <summary>A model's map at another size is resized (tent filter) and thresholded at 0.5.</summary>
    private static MaskPlane Fit(MaskPlane mask, int width, int height) =>
        mask.Width == width && mask.Height == height ? mask : MaskReader.FromProbabilities(mask, width, height);
}
