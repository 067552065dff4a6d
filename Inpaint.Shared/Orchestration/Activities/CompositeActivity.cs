using System.Diagnostics;
using Inpaint.Shared.Imaging;
using Microsoft.DurableTask;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// Step 5, once per sample: scales the generated crop of each part of the region back and blends it into the ORIGINAL-resolution source
/// through the feathered alpha, with every pixel of the region itself replaced whole (decided at source resolution,
/// <see cref="Compositor.AlphaAtSource"/>); where alpha is 0 the output is the source, bit for bit. The source is decoded
/// once, blended in place inside the crop boxes only (one per part of the region), and encoded once.
/// </summary>
public sealed class CompositeActivity(TaskImages images) : TaskActivity<CompositeInput, OutputReport>
{
    public override async Task<OutputReport> RunAsync(TaskActivityContext context, CompositeInput input)
    {
        var clock = Stopwatch.StartNew();
        var format = Enum.Parse<OutputFormat>(input.OutputFormat, ignoreCase: true);
        // All reads at once; the source (the large one) is decoded once and every part of the region is blended
        // into it in place. The parts' boxes do not overlap, so each part changes its own box only.
        var sourceRead = images.ReadSourceAsync(input.TaskId, CancellationToken.None);
        var regionRead = images.ReadMaskAsync(TaskBlobNames.RawMask(input.TaskId), CancellationToken.None);
        var partReads = Enumerable.Range(0, input.Boxes.Count).Select(part => ReadPartAsync(input, part)).ToList();
        try
        {
            await Task.WhenAll([sourceRead, regionRead, .. partReads]);
        }
        catch
        {
            if (sourceRead.IsCompletedSuccessfully) sourceRead.Result.Dispose();
            foreach (var read in partReads.Where(r => r.IsCompletedSuccessfully)) read.Result.Generated.Dispose();
            throw;
        }

        using var output = await sourceRead;
        var region = await regionRead;
        for (var part = 0; part < input.Boxes.Count; part++)
        {
            var (generated, alpha) = await partReads[part];
            using (generated)
            {
                if (input.ColorMatch)
                {
                    using var matched = await MatchColoursAsync(input.TaskId, part, generated);
                    Compositor.StitchInPlace(output, matched, alpha, input.Boxes[part], region, input.Feathered);
                }
                else
                {
                    Compositor.StitchInPlace(output, generated, alpha, input.Boxes[part], region, input.Feathered);
                }
            }
        }

        var name = TaskBlobNames.Output(input.TaskId, input.Index, format);
        await images.WriteImageAsync(name, output, format, CancellationToken.None);
        return new OutputReport(input.Index, name, output.Width, output.Height, ImageEncoder.MimeType(format), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Part <paramref name="part"/> of the sample: the generated crop and the alpha it is blended with.</summary>
    private async Task<(Image<Rgba32> Generated, MaskPlane Alpha)> ReadPartAsync(CompositeInput input, int part)
    {
        var alphaRead = images.ReadMaskAsync(TaskBlobNames.Alpha(input.TaskId, part), CancellationToken.None);
        var generated = await images.ReadImageAsync(TaskBlobNames.Sample(input.TaskId, input.Index, part), CancellationToken.None);
        try
        {
            return (generated, await alphaRead);
        }
        catch
        {
            generated.Dispose();
            throw;
        }
    }

    /// <summary><c>color_match</c>: the generated crop's mean and spread matched to the original in a band around the region.</summary>
    private async Task<Image<Rgba32>> MatchColoursAsync(
        string taskId, int part, Image<Rgba32> generated)
    {
        using var crop = await images.ReadImageAsync(TaskBlobNames.Crop(taskId, part), CancellationToken.None);
        var region = await images.ReadMaskAsync(TaskBlobNames.Mask(taskId, part), CancellationToken.None);
        return ColorMatcher.Match(generated, crop, region);
    }
}
