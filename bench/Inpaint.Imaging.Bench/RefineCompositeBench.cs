using BenchmarkDotNet.Attributes;
using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VImage = NetVips.Image;

namespace Inpaint.Imaging.Bench;

/// <summary>
/// Expand + blur + composite on a 1536² working crop, ours against libvips, at the defaults (expand 12,
/// blur 24) and at the maxima (64, 160). Both produce the composited RGBA pixels in memory.
/// </summary>
[MemoryDiagnoser]
public class RefineCompositeBench
{
    private const int Size = 1536;
    private MaskPlane mask = null!;
    private Image<Rgba32> source = null!;
    private Image<Rgba32> generated = null!;
    private CropBox box = null!;
    private VImage vMask = null!;
    private VImage vSource = null!;
    private VImage vGenerated = null!;
    private VImage vDisk = null!;

    /// <summary>The defaults (expand 12, blur 24) and the maxima (64, 160); not the cross product.</summary>
    [ParamsSource(nameof(Settings))]
    public FeatherSetting Feather { get; set; } = new(12, 24);

    public static IEnumerable<FeatherSetting> Settings => [new(12, 24), new(64, 160)];

    private int Expand => Feather.Expand;

    private double Blur => Feather.Blur;

    [GlobalSetup]
    public void Setup()
    {
        VipsReference.DisableCache();
        mask = Fixtures.Region(Size, Size);
        source = Fixtures.Photo(Size, Size, seed: 1);
        generated = Fixtures.Photo(Size, Size, seed: 2);
        box = new CropBox(0, 0, Size, Size, Size, Size);
        vMask = VipsReference.FromMask(Fixtures.ToBytes(mask), Size, Size);
        vSource = VipsReference.FromRgba(Fixtures.ToBytes(source), Size, Size);
        vGenerated = VipsReference.FromRgba(Fixtures.ToBytes(generated), Size, Size);
        vDisk = VipsReference.Disk(Expand);
    }

    [Benchmark(Baseline = true)]
    public byte[] Libvips()
    {
        using var alpha = VipsReference.Refine(vMask, vDisk, Expand, Blur);
        using var result = VipsReference.Blend(alpha, vGenerated, vSource);
        return result.WriteToMemory<byte>();
    }

    [Benchmark]
    public Image<Rgba32> Ours()
    {
        var refined = MaskRefiner.Refine(mask, box, Expand, Blur);
        var result = Compositor.Stitch(source, generated, refined.Alpha, box);
        result.Dispose();
        return result;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        source.Dispose();
        generated.Dispose();
        vMask.Dispose();
        vSource.Dispose();
        vGenerated.Dispose();
        vDisk.Dispose();
    }
}
