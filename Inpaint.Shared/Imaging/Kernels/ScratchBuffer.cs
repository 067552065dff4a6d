using System.Buffers;

namespace Inpaint.Shared.Imaging.Kernels;

/// <summary>
/// A pooled scratch array of exactly <see cref="Length"/> usable elements, returned to the shared pool on
/// <see cref="Dispose"/>. Use with <c>using</c>; contents are not cleared on rent.
/// </summary>
internal readonly struct ScratchBuffer<T> : IDisposable
{
    private readonly T[] array;

    private ScratchBuffer(T[] array, int length)
    {
        this.array = array;
        Length = length;
    }

    public int Length { get; }

    /// <summary>The underlying array (may be longer than <see cref="Length"/>).</summary>
    public T[] Array => array;

    public Span<T> Span => array.AsSpan(0, Length);

    public static ScratchBuffer<T> Rent(int length) => new(ArrayPool<T>.Shared.Rent(length), length);

    public void Dispose()
    {
        if (array is not null) ArrayPool<T>.Shared.Return(array);
    }
}
