using BenchmarkDotNet.Attributes;
using Inpaint.Shared.Imaging;

namespace Inpaint.Imaging.Bench;

/// <summary>
/// What planning a crop per part costs over the single crop, on a 24 MP mask (6000 × 4000): the region in one piece
/// (<see cref="Fixtures.Region"/>), and in two small parts far apart. <see cref="CropPlanner.PlanParts"/> labels the
/// mask's pieces in one pass over its rows; <see cref="CropPlanner.PlanTask"/> only finds its bounds.
/// </summary>
[MemoryDiagnoser]
public class CropPartsBench
{
    private const int Width = 6000;
    private const int Height = 4000;
    private MaskPlane mask = null!;

    [Params("one piece", "two parts")]
    public string Region { get; set; } = "one piece";

    [GlobalSetup]
    public void Setup()
    {
        mask = Region == "one piece" ? Fixtures.Region(Width, Height) : new MaskPlane(Width, Height);
        if (Region == "one piece") return;
        foreach (var (x0, y0) in new[] { (300, 250), (5400, 3500) })
            for (var y = y0; y < y0 + 200; y++)
                mask.Row(y).Slice(x0, 260).Fill(1f);
    }

    [Benchmark(Baseline = true)]
    public CropBox PlanTask() => CropPlanner.PlanTask(mask, 1024, 12, 24);

    [Benchmark]
    public int PlanParts() => CropPlanner.PlanParts(mask, 1024, 12, 24).Count;
}
