namespace Inpaint.Shared.Limits;

/// <summary>The spec's limits and defaults for every numeric argument, in one place.</summary>
public static class ArgLimits
{
    public static readonly Range<int> Resolution = new(512, 1536, 1024);
    public static readonly Range<double> Creativity = new(0.0, 1.1, 0.85);
    public static readonly Range<double> MaskBlur = new(0, 160, 24);
    public static readonly Range<int> MaskExpand = new(0, 64, 12);
    public static readonly Range<int> NSamples = new(1, 4, 1);
    public static readonly Range<long> Seed = new(0, int.MaxValue, 0);

    /// <summary>Longest prompt accepted, in characters.</summary>
    public const int MaxPromptLength = 2000;

    /// <summary>Longest image reference (URL or upload id) accepted, in characters.</summary>
    public const int MaxReferenceLength = 4096;

    public readonly record struct Range<T>(T Min, T Max, T Default);
}
