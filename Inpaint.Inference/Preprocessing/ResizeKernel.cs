namespace Inpaint.Inference.Preprocessing;

/// <summary>
/// One axis of a separable triangle-filter (bilinear) resize, as Pillow's <c>resize(BILINEAR)</c> does it and
/// the Hugging Face image processors therefore expect: pixel centres at <c>i + 0.5</c>, and when shrinking the
/// filter's support grows with the scale, so downscaling averages (antialiases) instead of skipping pixels.
/// For each output index: the first source index, the number of taps, and normalised weights.
/// </summary>
public sealed class ResizeKernel
{
    private ResizeKernel(int[] start, int[] count, float[] weights, int stride)
    {
        Start = start;
        Count = count;
        Weights = weights;
        Stride = stride;
    }

    /// <summary>First source index for each output index.</summary>
    public int[] Start { get; }

    /// <summary>Taps used for each output index.</summary>
    public int[] Count { get; }

    /// <summary>Weights, <see cref="Stride"/> per output index (only the first <see cref="Count"/> used).</summary>
    public float[] Weights { get; }

    public int Stride { get; }

    public static ResizeKernel Bilinear(int sourceSize, int targetSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetSize);
        var scale = (double)sourceSize / targetSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = 1.0 * filterScale; // the triangle's radius is 1 source pixel, widened when shrinking
        var stride = (int)Math.Ceiling(support) * 2 + 1;
        var start = new int[targetSize];
        var count = new int[targetSize];
        var weights = new float[targetSize * stride];
        for (var i = 0; i < targetSize; i++)
        {
            var center = (i + 0.5) * scale;
            var lo = Math.Max((int)Math.Floor(center - support + 0.5), 0);
            var hi = Math.Min((int)Math.Floor(center + support + 0.5), sourceSize);
            // Drop taps of zero weight at either end (an exact 1:1 or 2:1 resize needs fewer taps).
            double Tap(int j) => Math.Max(0.0, 1.0 - Math.Abs((j + 0.5 - center) / filterScale));
            while (hi - lo > 1 && Tap(lo) == 0) lo++;
            while (hi - lo > 1 && Tap(hi - 1) == 0) hi--;
            var n = Math.Min(hi - lo, stride);
            double total = 0;
            for (var k = 0; k < n; k++)
            {
                var w = Tap(lo + k);
                weights[i * stride + k] = (float)w;
                total += w;
            }
            // Normalise so a flat image stays flat, also at the borders where taps fall outside.
            for (var k = 0; k < n; k++)
                weights[i * stride + k] = total > 0 ? (float)(weights[i * stride + k] / total) : 0f;
            start[i] = lo;
            count[i] = n;
        }
        return new ResizeKernel(start, count, weights, stride);
    }
}
