namespace Inpaint.GpuWorker.Engines;

/// <summary>
/// The engines the standalone worker hosts. The ONNX engines of <c>Inpaint.Inference</c> (text
/// segmentation, foreground, diffusion) are registered here as they land; a worker with none stays
/// not ready (<c>/readyz</c> 503) rather than pretending.
/// </summary>
public static class WorkerEngineRegistration
{
    public static IServiceCollection AddWorkerEngines(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }
}
