using System.Diagnostics;
using Inpaint.Shared.Imaging;
using Microsoft.DurableTask;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// Step 5, once per sample: scales the generated crop back and blends it into the ORIGINAL-resolution source
/// through the feathered alpha; where alpha is 0 the output is the source, bit for bit.
/// </summary>
public sealed class CompositeActivity(TaskImages images) : TaskActivity<CompositeInput, OutputReport>
{
    public override async Task<OutputReport> RunAsync(TaskActivityContext context, CompositeInput input)
    {
        var clock = Stopwatch.StartNew();
        var format = Enum.Parse<OutputFormat>(input.OutputFormat, ignoreCase: true);
        using var source = await images.ReadImageAsync(TaskBlobNames.Source(input.TaskId), CancellationToken.None);
        using var generated = await images.ReadImageAsync(TaskBlobNames.Sample(input.TaskId, input.Index), CancellationToken.None);
        var alpha = await images.ReadMaskAsync(TaskBlobNames.Alpha(input.TaskId), CancellationToken.None);
        using var sample = input.ColorMatch ? await MatchColoursAsync(input.TaskId, generated) : generated.Clone();
        using var output = Compositor.Stitch(source, sample, alpha, input.Box);
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
