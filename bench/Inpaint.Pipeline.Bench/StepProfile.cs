using System.Diagnostics;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Orchestration.Activities;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Pipeline.Bench;

/// <summary>
/// <c>profile</c>: the work inside each step, timed piece by piece in this process without storage or
/// orchestration (the same library calls the activities make, in their order), next to libvips' decode +
/// encode of the same file: which pieces make a step cost what it does.
/// </summary>
internal static class StepProfile
{
    private static readonly ImageLimits Limits = new(40_000_000, 12_000);

    public static int Run(IReadOnlyList<PipelineCase> cases)
    {
        Console.WriteLine($"load average at start: {PipelineBench.LoadAverage()}");
        foreach (var run in cases)
        {
            Console.WriteLine();
            Console.WriteLine($"### {run.Name} (warm second pass; ms)");
            for (var pass = 0; pass < 2; pass++)
            {
                var times = new List<(string Piece, double Ms)>();
                T Time<T>(string piece, Func<T> work)
                {
                    var clock = Stopwatch.StartNew();
                    var result = work();
                    times.Add((piece, clock.Elapsed.TotalMilliseconds));
                    return result;
                }

                // prepare: identify the upload; it is stored as it came (no decode, no encode)
                var header = Time("prepare: identify upload", () => ImageDecoder.Identify(run.Image, "image", Limits));
                // select-region: decode the uploaded mask, binarise at the source size, store it (8-bit PNG)
                var raw = Time("select-region: decode + read mask", () =>
                {
                    using var maskImage = ImageDecoder.Decode(run.Mask, "mask_image", Limits);
                    return MaskReader.FromImage(maskImage, header.Width, header.Height);
                });
                var rawStored = Time("select-region: encode raw mask", () => MaskCodec.EncodePng(raw));
                // refine-mask (the source decode overlaps the mask read and refinement in the activity)
                var rawRead = Time("refine-mask: decode raw mask", () => MaskCodec.DecodePng(rawStored));
                var box = Time("refine-mask: plan", () => CropPlanner.PlanTask(rawRead, run.Resolution, 12, 24));
                var refined = Time("refine-mask: refine (expand, blur)", () => MaskRefiner.Refine(rawRead, box, 12, 24));
                using var sourceRead = Time("refine-mask: decode source", () => ImageDecoder.Decode(run.Image, "image", Limits));
                using var crop = Time("refine-mask: extract crop", () => CropSampler.Extract(sourceRead, box));
                var cropStored = Time("refine-mask: encode crop", () => ImageEncoder.Encode(crop, OutputFormat.Png));
                Time("refine-mask: encode mask + alpha", () => MaskCodec.EncodePng(refined.Binary).Length + MaskCodec.EncodePng(refined.Alpha).Length);
                Time("refine-mask: encode preview", () => ImageEncoder.Encode(crop, OutputFormat.Png));
                // composite
                using var output = Time("composite: decode source", () => ImageDecoder.Decode(run.Image, "image", Limits));
                using var sample = Time("composite: decode sample", () => ImageDecoder.Decode(cropStored, "sample", Limits));
                Time("composite: stitch in place", () =>
                {
                    Compositor.StitchInPlace(output, sample, refined.Alpha, box);
                    return 0;
                });
                var format = Enum.Parse<OutputFormat>(run.OutputFormat, ignoreCase: true);
                Time($"composite: encode output ({run.OutputFormat})", () => ImageEncoder.Encode(output, format));
                var vips = Time($"reference: libvips decode + encode {run.OutputFormat}", () => ReferenceCodec.Libvips(run.Image, run.OutputFormat));

                if (pass == 1)
                {
                    Console.WriteLine($"box {box.Width}×{box.Height} at ({box.X},{box.Y}) → work {box.WorkWidth}×{box.WorkHeight}; raw mask {rawStored.Length / 1024} KiB");
                    foreach (var (piece, ms) in times) Console.WriteLine($"{piece,-48} {ms,8:F0}");
                }
            }
        }

        return 0;
    }
}
