using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inpaint.Inference.Sessions;

/// <summary>Facts about ONNX element types used when building inputs.</summary>
public static class ElementTypes
{
    public static bool IsFloating(TensorElementType type) =>
        type is TensorElementType.Float or TensorElementType.Float16 or TensorElementType.BFloat16 or TensorElementType.Double;
}
