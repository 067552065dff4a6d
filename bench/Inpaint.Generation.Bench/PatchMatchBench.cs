using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Inpaint.Inference.Generation;
using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Inpaint.Generation.Bench;

/// <summary>
/// PatchMatch at 1024² with a 15 % hole: chelsea.png stretched to 1024², a centred disc covering 15 % of
/// the pixels (radius 224). Allocated bytes are managed memory (the whole algorithm is managed).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class PatchMatchBench
{
    private Image<Rgba32> _image = null!;
    private MaskPlane _mask = null!;
    private readonly PatchMatchFill _engine = new();

    [Params(1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var photo = Path.Combine(AppContext.BaseDirectory, "Generation", "data", "chelsea.png");
        _image = Image.Load<Rgba32>(photo);
        _image.Mutate(c => c.Resize(Size, Size, KnownResamplers.Bicubic));
        _mask = new MaskPlane(Size, Size);
        double radius = Math.Sqrt(0.15 * Size * Size / Math.PI);
        int holes = 0;
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
                if ((x - Size / 2.0) * (x - Size / 2.0) + (y - Size / 2.0) * (y - Size / 2.0) <= radius * radius)
                {
                    _mask[x, y] = 1f;
                    holes++;
                }
        Console.WriteLine($"// hole: {holes} px = {100.0 * holes / (Size * Size):F1} %");
    }

    [Benchmark]
    public void Fill() => _engine.Fill(_image, _mask, 1, null, CancellationToken.None).Dispose();

    [GlobalCleanup]
    public void Cleanup() => _image.Dispose();
}
