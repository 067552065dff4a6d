using System.Diagnostics;
using Inpaint.Shared.Imaging;
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

                // prepare: decode the upload, write the source intermediate
                using var source = Time("prepare: decode upload", () => ImageDecoder.Decode(run.Image, "image", Limits));
                var sourceStored = Time("prepare: encode source intermediate", () => ImageEncoder.Encode(source, OutputFormat.Png));
                // select-region: decode the uploaded mask, binarise at the source size, store it
                var raw = Time("select-region: decode + read mask", () =>
                {
                    using var maskImage = ImageDecoder.Decode(run.Mask, "mask_image", Limits);
                    return MaskReader.FromImage(maskImage, source.Width, source.Height);
                });
                var rawStored = Time("select-region: encode raw mask", () => MaskCodec.EncodePng(raw));
                // refine-mask
                var rawRead = Time("refine-mask: decode raw mask", () => MaskCodec.DecodePng(rawStored));
                var box = Time("refine-mask: plan", () => CropPlanner.Plan(rawRead, RefineMaskActivity.WorkingResolution(run.Resolution), 0.5, 12, 24));
                var refined = Time("refine-mask: refine (expand, blur)", () => MaskRefiner.Refine(rawRead, box, 12, 24));
                using var sourceRead = Time("refine-mask: decode source intermediate", () => ImageDecoder.Decode(sourceStored, "source", Limits));
                using var crop = Time("refine-mask: extract crop", () => CropSampler.Extract(sourceRead, box));
                var cropStored = Time("refine-mask: encode crop", () => ImageEncoder.Encode(crop, OutputFormat.Png));
                Time("refine-mask: encode mask + alpha", () => MaskCodec.EncodePng(refined.Binary).Length + MaskCodec.EncodePng(refined.Alpha).Length);
                Time("refine-mask: encode preview", () => ImageEncoder.Encode(crop, OutputFormat.Png));
                // composite
                using var source2 = Time("composite: decode source intermediate", () => ImageDecoder.Decode(sourceStored, "source", Limits));
                using var sample = Time("composite: decode sample", () => ImageDecoder.Decode(cropStored, "sample", Limits));
                using var output = Time("composite: stitch", () => Compositor.Stitch(source2, sample, refined.Alpha, box));
                var format = Enum.Parse<OutputFormat>(run.OutputFormat, ignoreCase: true);
                Time($"composite: encode output ({run.OutputFormat})", () => ImageEncoder.Encode(output, format));
                var vips = Time($"reference: libvips decode + encode {run.OutputFormat}", () => ReferenceCodec.Libvips(run.Image, run.OutputFormat));

                if (pass == 1)
                {
                    Console.WriteLine($"box {box.Width}×{box.Height} at ({box.X},{box.Y}) → work {box.WorkWidth}×{box.WorkHeight}; source intermediate {sourceStored.Length / 1024} KiB, raw mask {rawStored.Length / 1024} KiB");
                    foreach (var (piece, ms) in times) Console.WriteLine($"{piece,-48} {ms,8:F0}");
                }
            }
        }

        return 0;
    }
}
