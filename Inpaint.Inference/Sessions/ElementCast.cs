using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inpaint.Inference.Sessions;

/// <summary>
/// The one place where managed tensors meet the model's declared element types. Inputs are built as float or
/// int64 and cast here to what the session declares (fp32/fp16/bf16/double, int64/int32/uint8/bool...);
/// outputs of any floating type come back as float, of any integer type as int64.
/// </summary>
public static class ElementCast
{
    /// <summary>An <see cref="OrtValue"/> of <paramref name="target"/> type holding <paramref name="data"/>.
    /// fp32 and int64 data of the same type are pinned, not copied.</summary>
    public static OrtValue ToOrtValue(TensorData data, TensorElementType target)
    {
        var shape = data.Shape;
        if (data.Floats is { } f)
        {
            return target switch
            {
                TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(f, shape),
                TensorElementType.Float16 => OrtValue.CreateTensorValueFromMemory(ToFloat16(f), shape),
                TensorElementType.BFloat16 => OrtValue.CreateTensorValueFromMemory(ToBFloat16(f), shape),
                TensorElementType.Double => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(f, v => (double)v), shape),
                TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(f, v => (long)MathF.Round(v)), shape),
                TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(f, v => (int)MathF.Round(v)), shape),
                TensorElementType.UInt8 => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(f, v => (byte)Math.Clamp(MathF.Round(v), 0f, 255f)), shape),
                TensorElementType.Bool => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(f, v => v != 0f), shape),
                _ => throw Unsupported(target),
            };
        }

        var l = data.AsInt64s();
        return target switch
        {
            TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(l, shape),
            TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(l, v => checked((int)v)), shape),
            TensorElementType.UInt8 => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(l, v => checked((byte)v)), shape),
            TensorElementType.Bool => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(l, v => v != 0), shape),
            TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(l, v => (float)v), shape),
            TensorElementType.Float16 => OrtValue.CreateTensorValueFromMemory(ToFloat16(Array.ConvertAll(l, v => (float)v)), shape),
            TensorElementType.BFloat16 => OrtValue.CreateTensorValueFromMemory(ToBFloat16(Array.ConvertAll(l, v => (float)v)), shape),
            TensorElementType.Double => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(l, v => (double)v), shape),
            _ => throw Unsupported(target),
        };
    }

    /// <summary>Copies a tensor output into managed memory: floating types as float, integer types as int64.</summary>
    public static TensorData FromOrtValue(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var shape = info.Shape;
        switch (info.ElementDataType)
        {
            case TensorElementType.Float:
                return TensorData.FromFloats(value.GetTensorDataAsSpan<float>().ToArray(), shape);
            case TensorElementType.Float16:
            {
                var src = value.GetTensorDataAsSpan<Float16>();
                var dst = new float[src.Length];
                // ORT's Float16 is a bare ushort with IEEE binary16 bits, the same layout as System.Half.
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(src), dst);
                return TensorData.FromFloats(dst, shape);
            }
            case TensorElementType.BFloat16:
            {
                var src = MemoryMarshal.Cast<BFloat16, ushort>(value.GetTensorDataAsSpan<BFloat16>());
                var dst = new float[src.Length];
                // bf16 is the top half of an fp32: shift the 16 bits back into place.
                for (var i = 0; i < src.Length; i++) dst[i] = BitConverter.UInt32BitsToSingle((uint)src[i] << 16);
                return TensorData.FromFloats(dst, shape);
            }
            case TensorElementType.Double:
                return TensorData.FromFloats(ToFloats(value.GetTensorDataAsSpan<double>()), shape);
            case TensorElementType.Int64:
                return TensorData.FromInt64s(value.GetTensorDataAsSpan<long>().ToArray(), shape);
            case TensorElementType.Int32:
                return TensorData.FromInt64s(ToLongs(value.GetTensorDataAsSpan<int>()), shape);
            case TensorElementType.UInt8:
                return TensorData.FromInt64s(ToLongs(value.GetTensorDataAsSpan<byte>()), shape);
            case TensorElementType.Bool:
            {
                var src = value.GetTensorDataAsSpan<bool>();
                var dst = new long[src.Length];
                for (var i = 0; i < src.Length; i++) dst[i] = src[i] ? 1 : 0;
                return TensorData.FromInt64s(dst, shape);
            }
            default:
                throw Unsupported(info.ElementDataType);
        }
    }

    public static Float16[] ToFloat16(ReadOnlySpan<float> source)
    {
        var dst = new Float16[source.Length];
        TensorPrimitives.ConvertToHalf(source, MemoryMarshal.Cast<Float16, Half>(dst.AsSpan()));
        return dst;
    }

    /// <summary>fp32 → bf16 with round-to-nearest-even; NaN stays a (quiet) NaN.</summary>
    public static BFloat16[] ToBFloat16(ReadOnlySpan<float> source)
    {
        var dst = new BFloat16[source.Length];
        var bits = MemoryMarshal.Cast<BFloat16, ushort>(dst.AsSpan());
        for (var i = 0; i < source.Length; i++)
        {
            var u = BitConverter.SingleToUInt32Bits(source[i]);
            bits[i] = float.IsNaN(source[i])
                ? (ushort)((u >> 16) | 0x0040)
                : (ushort)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
        }
        return dst;
    }

    private static float[] ToFloats(ReadOnlySpan<double> src)
    {
        var dst = new float[src.Length];
        for (var i = 0; i < src.Length; i++) dst[i] = (float)src[i];
        return dst;
    }

    private static long[] ToLongs<T>(ReadOnlySpan<T> src) where T : unmanaged, IConvertible
    {
        var dst = new long[src.Length];
        for (var i = 0; i < src.Length; i++) dst[i] = src[i].ToInt64(null);
        return dst;
    }

    private static NotSupportedException Unsupported(TensorElementType type) =>
        new($"Tensor element type {type} is not supported by the inference engines.");
}
