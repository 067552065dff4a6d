using Inpaint.GpuWorker.Api;
using Inpaint.GpuWorker.Authentication;
using Inpaint.GpuWorker.Diagnostics;
using Inpaint.GpuWorker.Engines;
using Inpaint.GpuWorker.Scheduling;
using Inpaint.GpuWorker.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Inpaint.GpuWorker.Hosting;

public static class GpuWorkerHostingExtensions
{
    /// <summary>
    /// Everything the worker needs except the engines: capacity and batching (<c>Worker__*</c>), auth
    /// (<c>Auth__*</c>), Blob storage (<c>Storage__*</c>), problem details, the GPU queue, readiness and
    /// OpenTelemetry (to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, else OTLP
    /// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is). Engines are whatever
    /// <c>IGenerationEngine</c>s and <c>IRegionEngine</c> the composition registers.
    /// </summary>
    public static IHostApplicationBuilder AddGpuWorker(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WorkerCapacityOptions>()
            .BindConfiguration(WorkerCapacityOptions.SectionName)
            .Validate(o => o.Gpus >= 1 && o.QueueLimitPerGpu >= 1 && o.MaxBatchSize >= 1, "Worker: Gpus, QueueLimitPerGpu and MaxBatchSize must be at least 1")
            .Validate(o => o.MaxSamplesPerRequest >= 1 && o.MaxSamplesPerRequest <= o.QueueLimitPerGpu * o.Gpus, "Worker:MaxSamplesPerRequest must be between 1 and the queue limit")
            .Validate(o => o.BatchWindow >= TimeSpan.Zero && o.RequestTimeout > TimeSpan.Zero, "Worker: BatchWindow must be >= 0 and RequestTimeout > 0")
            .ValidateOnStart();

        services.AddWorkerAuthentication(builder.Configuration);
        services.AddWorkerStorage();
        services.AddProblemDetails();
        services.AddExceptionHandler<WorkerExceptionHandler>();

        services.AddSingleton<WorkerMetrics>();
        services.AddSingleton<GpuWorkQueue>();
        services.AddHostedService(provider => provider.GetRequiredService<GpuWorkQueue>());
        services.AddSingleton<EngineCatalog>();
        services.AddSingleton<WorkerReadiness>();
        services.AddHostedService<EngineWarmup>();
        services.AddHealthChecks().AddCheck<ReadinessHealthCheck>("engines", tags: ["ready"]);

        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(WorkerMetrics.MeterName).AddAspNetCoreInstrumentation())
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation());
        // Azure: Application Insights (the environment sets its connection string); elsewhere any OTLP collector.
        if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
            telemetry.UseAzureMonitor();
        else if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            telemetry.UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// The middleware and endpoints: problem details for every error (exceptions and bare status codes),
    /// auth, <c>/healthz</c> and <c>/readyz</c> (anonymous, for probes) and the authenticated <c>/v1</c> API.
    /// </summary>
    public static WebApplication MapGpuWorkerApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "alive" }))
            .WithName("Healthz").WithSummary("Liveness: the process answers").AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") })
            .WithName("Readyz").AllowAnonymous();
        app.MapWorkerApi();
        return app;
    }
}
