namespace Inpaint.GpuWorker.Engines;

/// <summary>What <c>/readyz</c> and <c>/v1/info</c> report: set once the engines are resolved and the
/// execution provider is known (see <see cref="EngineWarmup"/>).</summary>
public sealed class WorkerReadiness
{
    private volatile string? provider;

    public string? ExecutionProvider => provider;

    public bool IsReady => provider is not null;

    public void MarkReady(string executionProvider) => provider = executionProvider;
}
