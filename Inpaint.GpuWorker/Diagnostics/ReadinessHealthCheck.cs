using Inpaint.GpuWorker.Engines;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Inpaint.GpuWorker.Diagnostics;

/// <summary><c>/readyz</c>: healthy once the engines are resolved and the execution provider is known.</summary>
public sealed class ReadinessHealthCheck(WorkerReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsReady
            ? HealthCheckResult.Healthy($"engines loaded on {readiness.ExecutionProvider}")
            : HealthCheckResult.Unhealthy("engines not loaded yet"));
}
