using Microsoft.ML.OnnxRuntime;

namespace Inpaint.Inference.ExecutionProviders;

/// <summary>ONNX Runtime's default CPU provider; always available, the last resort.</summary>
public sealed class CpuExecutionProvider : IExecutionProvider
{
    public static CpuExecutionProvider Instance { get; } = new();

    public string Name => "CPU";

    // The CPU provider is built in: nothing to append. The arena is kept (the default) so repeated
    // calls at the same shape reuse their scratch memory.
    public void AppendTo(SessionOptions options)
    {
    }
}
