namespace Inpaint.Shared.Imaging.Kernels;

/// <summary>
/// The one way imaging kernels run rows (or column stripes) in parallel: the range is cut into a few
/// contiguous chunks (about two per core, never smaller than <c>minChunk</c>) so each worker streams
/// through memory in order and small planes stay on the calling thread.
/// </summary>
internal static class ParallelRows
{
    /// <summary>Calls <paramref name="body"/>(start, end) for disjoint chunks covering [0, count).</summary>
    public static void For(int count, int minChunk, Action<int, int> body)
    {
        if (count <= 0) return;
        var chunks = Math.Min(Environment.ProcessorCount * 2, Math.Max(1, count / Math.Max(1, minChunk)));
        if (chunks <= 1)
        {
            body(0, count);
            return;
        }

        var size = (count + chunks - 1) / chunks;
        Parallel.For(0, chunks, i =>
        {
            var start = i * size;
            var end = Math.Min(count, start + size);
            if (start < end) body(start, end);
        });
    }
}
