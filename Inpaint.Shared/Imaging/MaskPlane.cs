namespace Inpaint.Shared.Imaging;

/// <summary>
/// A single-channel mask: one float per pixel, row-major, 0 = keep the original, 1 = replace.
/// Values in between are partial coverage (a feathered edge or a model's probability).
/// </summary>
public sealed class MaskPlane
{
    public MaskPlane(int width, int height)
        : this(width, height, new float[checked(width * height)])
    {
    }

    public MaskPlane(int width, int height, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (data.Length != width * height)
            throw new ArgumentException($"Mask data has {data.Length} values; {width}×{height} needs {width * height}.", nameof(data));
        Width = width;
        Height = height;
        Data = data;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major coverage values in [0, 1].</summary>
    public float[] Data { get; }

    public Span<float> Row(int y) => Data.AsSpan(y * Width, Width);

    public float this[int x, int y]
    {
        get => Data[y * Width + x];
        set => Data[y * Width + x] = value;
    }

    /// <summary>True when at least one pixel has coverage above <paramref name="threshold"/>.</summary>
    public bool Any(float threshold = 0f)
    {
        foreach (var v in Data)
            if (v > threshold) return true;
        return false;
    }
}
