using Microsoft.ML.OnnxRuntime;

namespace Inpaint.Inference.ExecutionProviders;

/// <summary>
/// The CUDA provider. ORT lists CUDA among the available providers even where its native library or the
/// driver cannot load, so appending it is attempted and a failure falls back to the next provider.
/// </summary>
public sealed class CudaExecutionProvider(int deviceId = 0) : IExecutionProvider
{
    public int DeviceId { get; } = deviceId;

    public string Name => "CUDA";

    public void AppendTo(SessionOptions options)
    {
        using var cuda = new OrtCUDAProviderOptions();
        cuda.UpdateOptions(new Dictionary<string, string>
        {
            // Which GPU; the worker runs one model set per device.
            ["device_id"] = DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Exhaustive cuDNN search finds the fastest convolution once per shape; our shapes are fixed
            // per model (352², 1024²), so the one-off cost at warm-up pays back on every call.
            ["cudnn_conv_algo_search"] = "EXHAUSTIVE",
            // Let cuDNN use as much workspace as the fastest algorithm needs.
            ["cudnn_conv_use_max_workspace"] = "1",
            // Grow the arena by what each request needs, not in powers of two: diffusion and
            // segmentation models share one GPU and doubling strands gigabytes.
            ["arena_extend_strategy"] = "kSameAsRequested",
            // Copies on the compute stream keep host/device transfers ordered with the kernels.
            ["do_copy_in_default_stream"] = "1",
        });
        options.AppendExecutionProvider_CUDA(cuda);
    }
}
