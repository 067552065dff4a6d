using Inpaint.Shared.Contracts;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Inputs;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Validation;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Previews;

/// <summary>
/// Steps 1–3 of a task without generation, for the page's live preview: fetch and decode the image, select
/// the region through the same <see cref="RegionSelector"/> as the activities, plan the crops as the task
/// would (<see cref="CropPlanner.PlanParts"/>: one, or one per part far from the others) and refine the mask with the request's <c>mask_expand</c>,
/// <c>mask_blur</c> and <c>resolution</c>. Nothing is stored and nothing is charged.
/// </summary>
public sealed class MaskPreviewService(ImageFetcher fetcher, RegionSelector regions, IOptions<LimitsOptions> limits)
{
    public async Task<MaskPreview> PreviewAsync(string user, CreateTaskRequest? request, CancellationToken cancellationToken)
    {
        var (_, args) = ArgsValidator.Validate(request);
        var bytes = await fetcher.FetchAsync(ImageReference.Parse(args.Image), user, "image", cancellationToken);
        using var source = ImageDecoder.Decode(bytes, "image", limits.Value.Image);
        var raw = await regions.SelectAsync(user, args, source, cancellationToken);

        var parts = CropPlanner.PlanParts(raw, args.Resolution, args.MaskExpand, args.MaskBlur).Select(box =>
        {
            var refined = MaskRefiner.Refine(raw, box, args.MaskExpand, args.MaskBlur);
            using var overlay = MaskOverlay.Layer(refined.Alpha);
            return new MaskPreviewPart(CropArea.Of(box), "data:image/png;base64," + Convert.ToBase64String(ImageEncoder.Encode(overlay, OutputFormat.Png)));
        }).ToList();
        return new MaskPreview
        {
            Width = source.Width,
            Height = source.Height,
            Crop = parts[0].Crop,
            Coverage = Coverage(raw),
            Overlay = parts[0].Overlay,
            Parts = parts,
        };
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
}
