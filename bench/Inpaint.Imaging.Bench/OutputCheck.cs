using System.Diagnostics;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Limits;
using NetVips;

namespace Inpaint.Imaging.Bench;

/// <summary>
/// Confirms the two implementations compute the same thing before timing them: the refined alpha of
/// ours and of libvips on the 1536² fixture, compared pixel by pixel (in 0–255 units).
/// </summary>
internal static class OutputCheck
{
    public static void Run(params string[] args)
    {
        VipsReference.DisableCache();
        const int size = 1536;
        var mask = Fixtures.Region(size, size);
        using var vMask = VipsReference.FromMask(Fixtures.ToBytes(mask), size, size);
        var box = new CropBox(0, 0, size, size, size, size);
        using var source = Fixtures.Photo(size, size, 1);
        using var generated = Fixtures.Photo(size, size, 2);
        foreach (var (expand, blur) in args.Length > 0 ? new[] { (12, 24.0) } : new[] { (12, 24.0), (64, 160.0) })
        {
            using var disk = VipsReference.Disk(expand);
            var clock = Stopwatch.StartNew();
            using var vAlpha = VipsReference.Refine(vMask, disk, expand, blur);
            var theirs = vAlpha.WriteToMemory<byte>();
            var vipsMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var ours = MaskRefiner.Refine(mask, box, expand, blur).Alpha;
            var oursMs = clock.Elapsed.TotalMilliseconds;

            var grownOurs = MaskOps.Expand(mask, expand);
            using var vGrown = vMask.Morph(disk, Enums.OperationMorphology.Dilate);
            var grownTheirs = vGrown.WriteToMemory<byte>();
            var grownDiff = 0;
            for (var i = 0; i < grownTheirs.Length; i++)
                if ((grownTheirs[i] >= 128) != (grownOurs.Data[i] >= 0.5f)) grownDiff++;

            double worst = 0, total = 0;
            for (var i = 0; i < theirs.Length; i++)
            {
                var d = Math.Abs(theirs[i] - ours.Data[i] * 255.0);
                worst = Math.Max(worst, d);
                total += d;
            }

            Console.WriteLine($"  ours warm: {Time(() => MaskOps.Expand(mask, expand))} expand, {Time(() => MaskOps.Blur(grownOurs, blur))} blur, {Time(() => MaskRefiner.Refine(mask, box, expand, blur))} refine, {Time(() => Compositor.Stitch(source, generated, ours, box).Dispose())} stitch");
            Console.WriteLine($"expand {expand}, blur {blur}: dilation differs at {grownDiff} px; alpha max |Δ| {worst:F2}/255, mean {total / theirs.Length:F3}/255; one run libvips {vipsMs:F0} ms, ours {oursMs:F0} ms");
        }
    }

    public static void CpuPath()
    {
        VipsReference.DisableCache();
        var bench = new CpuPathBench();
        bench.Setup();
        Console.WriteLine($"cpu path: libvips {Time(() => bench.Libvips())}, ours {Time(() => bench.Ours())}");
        var jpeg = bench.Jpeg;
        Console.WriteLine($"  decode {Time(() => ImageDecoder.Decode(jpeg, "image", ImageLimits.Default).Dispose())}");
        using var image = ImageDecoder.Decode(jpeg, "image", ImageLimits.Default);
        Console.WriteLine($"  encode {Time(() => ImageEncoder.Encode(image, OutputFormat.Jpeg, 92))}");
        var mask = Fixtures.Region(image.Width, image.Height);
        var box = CropPlanner.Plan(mask, 1024, 0.5, 12, 24);
        Console.WriteLine($"  plan {Time(() => CropPlanner.Plan(mask, 1024, 0.5, 12, 24))}, refine {Time(() => MaskRefiner.Refine(mask, box, 12, 24))}, extract {Time(() => CropSampler.Extract(image, box).Dispose())}");
        using var work = CropSampler.Extract(image, box);
        var alpha = MaskRefiner.Refine(mask, box, 12, 24).Alpha;
        Console.WriteLine($"  stitch {Time(() => Compositor.Stitch(image, work, alpha, box).Dispose())}");
        using var vimg = NetVips.Image.NewFromBuffer(jpeg);
        Console.WriteLine($"  libvips decode {Time(() => { using var d = NetVips.Image.NewFromBuffer(jpeg); d.WriteToMemory<byte>(); })}, encode {Time(() => vimg.JpegsaveBuffer(q: 92))}");
    }

    private static string Time(Action action)
    {
        action();
        var best = double.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }

        return $"{best:F1} ms";
    }
}
