namespace Inpaint.GpuWorker.Engines;

/// <summary>
/// Optional: the execution provider the engines' sessions actually use (registered by the inference
/// composition when it knows). Without one the worker probes with <see cref="ExecutionProviderProbe"/>.
/// </summary>
public interface IExecutionProviderSource
{
    string ExecutionProvider { get; }
}
