namespace Inpaint.Inference.Sessions;

/// <summary>
/// A dense tensor on the managed side: row-major values plus a shape. Engines build inputs as
/// <see cref="float"/> (images, boxes, embeddings) or <see cref="long"/> (token ids, labels, masks);
/// <see cref="ElementCast"/> converts them to whatever element type the model declares. Outputs come back
/// as floats whatever the model's floating type (fp32, fp16, bf16, double), and as longs for integer types.
/// </summary>
public sealed class TensorData
{
    private TensorData(float[]? floats, long[]? int64s, long[] shape)
    {
        var count = ElementCount(shape);
        var length = floats?.Length ?? int64s!.Length;
        if (length != count)
            throw new ArgumentException(
                $"Tensor data has {length} values; shape [{string.Join(", ", shape)}] needs {count}.", nameof(shape));
        Floats = floats;
        Int64s = int64s;
        Shape = shape;
    }

    /// <summary>The values when this tensor is floating point; otherwise null.</summary>
    public float[]? Floats { get; }

    /// <summary>The values when this tensor is integral; otherwise null.</summary>
    public long[]? Int64s { get; }

    public long[] Shape { get; }

    public int Rank => Shape.Length;

    public long Length => Floats?.LongLength ?? Int64s!.LongLength;

    public static TensorData FromFloats(float[] values, params long[] shape) => new(values, null, shape);

    public static TensorData FromInt64s(long[] values, params long[] shape) => new(null, values, shape);

    /// <summary>The float values; throws when this tensor holds integers.</summary>
    public float[] AsFloats() =>
        Floats ?? throw new InvalidOperationException("This tensor holds integers, not floats.");

    /// <summary>The integer values; throws when this tensor holds floats.</summary>
    public long[] AsInt64s() =>
        Int64s ?? throw new InvalidOperationException("This tensor holds floats, not integers.");

    public static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException("A concrete tensor shape cannot have a negative dimension.", nameof(shape));
            count = checked(count * d);
        }
        return count;
    }

    public override string ToString() =>
        $"{(Floats is null ? "int64" : "float")}[{string.Join(", ", Shape)}]";
}
