using Microsoft.ML.OnnxRuntime;

namespace Inpaint.Inference.ExecutionProviders;

/// <summary>
/// One way to run a model (CUDA, CPU). <see cref="Sessions.ModelSession"/> tries the configured providers in
/// order and reports the first that really loads.
/// </summary>
public interface IExecutionProvider
{
    /// <summary>Short name reported to callers and logs (<c>CUDA</c>, <c>CPU</c>).</summary>
    string Name { get; }

    /// <summary>Registers the provider on <paramref name="options"/>. Throws when it cannot be loaded
    /// (missing native library, no device, build without this provider).</summary>
    void AppendTo(SessionOptions options);
}
