using Inpaint.Inference.ExecutionProviders;

namespace Inpaint.Inference.Sessions;

/// <summary>How a <see cref="ModelSession"/> is created: providers in order of preference, threads.</summary>
public sealed record ModelSessionOptions
{
    /// <summary>CPU only: the default for tests and the local stack without a GPU.</summary>
    public static ModelSessionOptions Cpu { get; } = new() { Providers = [CpuExecutionProvider.Instance] };

    /// <summary>CUDA when it really loads, else CPU.</summary>
    public static ModelSessionOptions CudaThenCpu { get; } = new() { Providers = [new CudaExecutionProvider(), CpuExecutionProvider.Instance] };

    /// <summary>Tried in order; the first that appends and creates a session is used.</summary>
    public IReadOnlyList<IExecutionProvider> Providers { get; init; } = [CpuExecutionProvider.Instance];

    /// <summary>Threads inside one operator; 0 lets ORT choose (one per core).</summary>
    public int IntraOpThreads { get; init; }
}
