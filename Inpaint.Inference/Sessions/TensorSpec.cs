using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inpaint.Inference.Sessions;

/// <summary>
/// A model input or output as the session declares it: name, element type and dimensions, where -1 stands
/// for a symbolic or dynamic dimension (a wildcard: <c>batch</c>, <c>seq</c>, <c>height</c>).
/// </summary>
public sealed record TensorSpec(string Name, TensorElementType ElementType, long[] Dimensions)
{
    /// <summary>True when every dimension is known, so an output buffer can be allocated up front.</summary>
    public bool IsStatic => Array.TrueForAll(Dimensions, d => d >= 0);

    /// <summary>True when <paramref name="shape"/> has this rank and agrees on every non-wildcard dimension.</summary>
    public bool Accepts(ReadOnlySpan<long> shape)
    {
        if (shape.Length != Dimensions.Length) return false;
        for (var i = 0; i < shape.Length; i++)
            if (Dimensions[i] >= 0 && Dimensions[i] != shape[i]) return false;
        return true;
    }

    /// <summary>The declared dimensions with each wildcard replaced by <paramref name="wildcard"/>.</summary>
    public long[] Concrete(long wildcard = 1) => Array.ConvertAll(Dimensions, d => d < 0 ? wildcard : d);

    public override string ToString() =>
        $"{Name}: {ElementType}[{string.Join(", ", Array.ConvertAll(Dimensions, d => d < 0 ? "?" : d.ToString()))}]";
}
