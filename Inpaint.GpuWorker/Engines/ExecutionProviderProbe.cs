using Microsoft.ML.OnnxRuntime;

namespace Inpaint.GpuWorker.Engines;

/// <summary>
/// Finds the execution provider that really loads here: CUDA when ONNX Runtime can append it (its
/// provider library and the CUDA/cuDNN libraries it needs all load), else CPU. Appending the provider is
/// the check — a build that merely lists CUDA among its providers is not enough.
/// </summary>
public static class ExecutionProviderProbe
{
    public const string Cuda = "CUDA";
    public const string Cpu = "CPU";

    public static string Detect(int deviceId = 0)
    {
        try
        {
            if (!OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
                return Cpu;
            using var options = new Microsoft.ML.OnnxRuntime.SessionOptions();
            options.AppendExecutionProvider_CUDA(deviceId);
            return Cuda;
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException or TypeInitializationException)
        {
            return Cpu;
        }
    }
}
