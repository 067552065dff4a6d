using BenchmarkDotNet.Attributes;
using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Imaging.Bench;

/// <summary>Each of our kernels alone on a 1536² plane, to show where the time goes and that it does not grow with N or σ.</summary>
[MemoryDiagnoser]
public class KernelBench
{
    private const int Size = 1536;
    private MaskPlane mask = null!;
    private MaskPlane alpha = null!;
    private Image<Rgba32> source = null!;
    private Image<Rgba32> generated = null!;
    private CropBox box = null!;

    [ParamsSource(nameof(Settings))]
    public FeatherSetting Feather { get; set; } = new(12, 24);

    public static IEnumerable<FeatherSetting> Settings => [new(12, 24), new(64, 160)];

    [GlobalSetup]
    public void Setup()
    {
        mask = Fixtures.Region(Size, Size);
        box = new CropBox(0, 0, Size, Size, Size, Size);
        alpha = MaskRefiner.Refine(mask, box, Feather.Expand, Feather.Blur).Alpha;
        source = Fixtures.Photo(Size, Size, seed: 1);
        generated = Fixtures.Photo(Size, Size, seed: 2);
    }

    [Benchmark]
    public MaskPlane Expand() => MaskOps.Expand(mask, Feather.Expand);

    [Benchmark]
    public MaskPlane Blur() => MaskOps.Blur(mask, Feather.Blur);

    [Benchmark]
    public MaskPlane HalfSize() => MaskOps.Resize(mask, Size / 2, Size / 2);

    [Benchmark]
    public int Stitch()
    {
        using var result = Compositor.Stitch(source, generated, alpha, box);
        return result.Width;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        source.Dispose();
        generated.Dispose();
    }
}
