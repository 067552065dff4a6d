using System.Diagnostics;
using Inpaint.Shared.Imaging;
using Microsoft.DurableTask;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// Step 5, once per sample: scales the generated crop back and blends it into the ORIGINAL-resolution source
/// through the feathered alpha, with every pixel of the region itself replaced whole (decided at source resolution,
/// <see cref="Compositor.AlphaAtSource"/>); where alpha is 0 the output is the source, bit for bit. The source is decoded
/// once, blended in place inside the crop box only, and encoded once.
/// </summary>
public sealed class CompositeActivity(TaskImages images) : TaskActivity<CompositeInput, OutputReport>
{
    public override async Task<OutputReport> RunAsync(TaskActivityContext context, CompositeInput input)
    {
        var clock = Stopwatch.StartNew();
        var format = Enum.Parse<OutputFormat>(input.OutputFormat, ignoreCase: true);
        // Three independent reads at once; the source (the large one) is decoded once and blended in place.
        var sourceRead = images.ReadSourceAsync(input.TaskId, CancellationToken.None);
        var generatedRead = images.ReadImageAsync(TaskBlobNames.Sample(input.TaskId, input.Index), CancellationToken.None);
        var alphaRead = images.ReadMaskAsync(TaskBlobNames.Alpha(input.TaskId), CancellationToken.None);
        var regionRead = images.ReadMaskAsync(TaskBlobNames.RawMask(input.TaskId), CancellationToken.None);
        try
        {
            await Task.WhenAll(sourceRead, generatedRead, alphaRead, regionRead);
        }
        catch
        {
            if (sourceRead.IsCompletedSuccessfully) sourceRead.Result.Dispose();
            if (generatedRead.IsCompletedSuccessfully) generatedRead.Result.Dispose();
            throw;
        }

        using var output = await sourceRead;
        using var generated = await generatedRead;
        var alpha = await alphaRead;
        var region = await regionRead;
        if (input.ColorMatch)
        {
            using var matched = await MatchColoursAsync(input.TaskId, generated);
            Compositor.StitchInPlace(output, matched, alpha, input.Box, region, input.Feathered);
        }
        else
        {
            Compositor.StitchInPlace(output, generated, alpha, input.Box, region, input.Feathered);
        }

        var name = TaskBlobNames.Output(input.TaskId, input.Index, format);
        await images.WriteImageAsync(name, output, format, CancellationToken.None);
        return new OutputReport(input.Index, name, output.Width, output.Height, ImageEncoder.MimeType(format), clock.Elapsed.TotalSeconds);
    }

    /// <summary><c>color_match</c>: the generated crop's mean and spread matched to the original in a band around the region.</summary>
    private async Task<Image<Rgba32>> MatchColoursAsync(
        string taskId, Image<Rgba32> generated)
    {
        using var crop = await images.ReadImageAsync(TaskBlobNames.Crop(taskId), CancellationToken.None);
        var region = await images.ReadMaskAsync(TaskBlobNames.Mask(taskId), CancellationToken.None);
        return ColorMatcher.Match(generated, crop, region);
    }
}
