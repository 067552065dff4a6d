using BenchmarkDotNet.Attributes;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Limits;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using VImage = NetVips.Image;

namespace Inpaint.Imaging.Bench;

/// <summary>
/// The whole CPU path of one edit of a 12 MP JPEG, model excluded: decode → plan the crop → refine the
/// mask (expand 12, blur 24 at resolution 1024) → extract the working crop → composite at full size
/// (the working crop stands in for the generated one) → encode JPEG q92. Ours against libvips.
/// </summary>
[MemoryDiagnoser]
public class CpuPathBench
{
    private const int Width = 4000;
    private const int Height = 3000;
    private const int Expand = 12;
    private const double Blur = 24;
    private byte[] jpeg = null!;

    internal byte[] Jpeg => jpeg;
    private MaskPlane mask = null!;
    private CropBox box = null!;
    private VImage vMask = null!;
    private VImage vDisk = null!;

    [GlobalSetup]
    public void Setup()
    {
        VipsReference.DisableCache();
        using (var photo = Fixtures.Photo(Width, Height, seed: 3))
        {
            using var stream = new MemoryStream();
            photo.Save(stream, new JpegEncoder { Quality = 90 });
            jpeg = stream.ToArray();
        }

        mask = Fixtures.Region(Width, Height);
        box = CropPlanner.Plan(mask, 1024, 0.5, Expand, Blur);
        vMask = VipsReference.FromMask(Fixtures.ToBytes(mask), Width, Height);
        vDisk = VipsReference.Disk(Expand);
        Console.WriteLine($"// input JPEG {jpeg.Length:N0} bytes; crop box {box}");
    }

    [Benchmark(Baseline = true)]
    public byte[] Libvips() => VipsReference.EditJpeg(jpeg, vMask, box, vDisk, Expand, Blur, quality: 92);

    [Benchmark]
    public byte[] Ours()
    {
        using var image = ImageDecoder.Decode(jpeg, "image", ImageLimits.Default);
        var planned = CropPlanner.Plan(mask, 1024, 0.5, Expand, Blur);
        var refined = MaskRefiner.Refine(mask, planned, Expand, Blur);
        using var work = CropSampler.Extract(image, planned);
        using var result = Compositor.Stitch(image, work, refined.Alpha, planned);
        return ImageEncoder.Encode(result, OutputFormat.Jpeg, 92);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        vMask.Dispose();
        vDisk.Dispose();
    }
}
