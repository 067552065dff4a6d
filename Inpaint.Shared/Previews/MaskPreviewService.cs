using Inpaint.Shared.Contracts;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Inputs;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Previews;

/// <summary>
/// Steps 1–3 of a task without generation, for the page's live preview: fetch and decode the image, select
/// the region (text prompt, foreground/background or uploaded mask) exactly as the activities do, plan the
/// crop and refine the mask with the request's <c>mask_expand</c>, <c>mask_blur</c> and <c>resolution</c>.
/// Nothing is stored and nothing is charged.
/// </summary>
public sealed class MaskPreviewService(ImageFetcher fetcher, IServiceProvider services, IOptions<LimitsOptions> limits)
{
    /// <summary>The preview tint (the same as the task's <c>preview.png</c>).</summary>
    public static readonly Rgba32 Tint = new(255, 40, 120);

    public async Task<MaskPreview> PreviewAsync(string user, CreateTaskRequest? request, CancellationToken cancellationToken)
    {
        var (_, args) = ArgsValidator.Validate(request);
        var bytes = await fetcher.FetchAsync(ImageReference.Parse(args.Image), user, "image", cancellationToken);
        using var source = ImageDecoder.Decode(bytes, "image", limits.Value.Image);
        var raw = await SelectRegionAsync(user, args, source, cancellationToken);

        var box = CropPlanner.Plan(raw, args.Resolution, 0.5, args.MaskExpand, args.MaskBlur);
        var refined = MaskRefiner.Refine(raw, box, args.MaskExpand, args.MaskBlur);
        return new MaskPreview
        {
            Width = source.Width,
            Height = source.Height,
            Crop = new MaskPreviewCrop(box.X, box.Y, box.Width, box.Height, box.WorkWidth, box.WorkHeight),
            Coverage = Coverage(raw),
            Overlay = "data:image/png;base64," + Convert.ToBase64String(Overlay(refined.Alpha)),
        };
    }

    private async Task<MaskPlane> SelectRegionAsync(string user, InpaintArgs args, Image<Rgba32> source, CancellationToken cancellationToken)
    {
        if (args.Region == RegionSource.MaskImage)
        {
            var maskBytes = await fetcher.FetchAsync(ImageReference.Parse(args.MaskImage!), user, "mask_image", cancellationToken);
            using var maskImage = ImageDecoder.Decode(maskBytes, "mask_image", limits.Value.Image);
            var mask = MaskReader.FromImage(maskImage, source.Width, source.Height);
            if (!mask.Any())
                throw new InvalidImageException("mask_image", "mask_image selects no pixels: paint the region to replace white (or opaque)");
            return mask;
        }

        var field = args.Region == RegionSource.Prompt ? "masking_prompt" : "use_rembg";
        var engine = services.GetService<IRegionEngine>()
            ?? throw new RequestValidationException(field, $"{field} needs a region model, and this server runs no region engine; send mask_image instead");
        if (services.GetService<IRegionAvailability>()?.Missing(args.Region) is { } missing)
            throw new RequestValidationException(field, $"{field}: {missing}; or send mask_image instead");

        MaskPlane selected;
        if (args.Region == RegionSource.Prompt)
        {
            selected = await engine.SegmentAsync(source, args.MaskingPrompt!, cancellationToken);
        }
        else
        {
            var foreground = await engine.ForegroundAsync(source, cancellationToken);
            selected = args.InpaintForeground ? foreground : MaskOps.Invert(foreground);
        }

        if (selected.Width != source.Width || selected.Height != source.Height)
            selected = MaskReader.FromProbabilities(selected, source.Width, source.Height);
        if (!selected.Any())
            throw new RegionNotFoundException(args.Region == RegionSource.Prompt ? args.MaskingPrompt! : args.InpaintForeground ? "foreground" : "background");
        return selected;
    }

    private static double Coverage(MaskPlane mask)
    {
        var selected = 0;
        foreach (var v in mask.Data)
        {
            if (v >= MaskReader.Threshold) selected++;
        }

        return (double)selected / mask.Data.Length;
    }

    /// <summary>Tint colour everywhere, alpha = the composite weight, so the browser can lay it over the photo as is.</summary>
    private static byte[] Overlay(MaskPlane alpha)
    {
        using var image = new Image<Rgba32>(alpha.Width, alpha.Height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                var a = alpha.Row(y);
                for (var x = 0; x < row.Length; x++)
                    row[x] = new Rgba32(Tint.R, Tint.G, Tint.B, (byte)Math.Round(Math.Clamp(a[x], 0f, 1f) * 255));
            }
        });
        return ImageEncoder.Encode(image, OutputFormat.Png);
    }
}
