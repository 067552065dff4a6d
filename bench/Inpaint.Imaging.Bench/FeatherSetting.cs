namespace Inpaint.Imaging.Bench;

/// <summary>One expand/blur pair (working pixels) for the benchmarks.</summary>
public sealed record FeatherSetting(int Expand, double Blur)
{
    public override string ToString() => $"expand {Expand}, blur {Blur}";
}
