using Inpaint.Inference;

namespace Inpaint.GpuWorker.Engines;

/// <summary>
/// The engines the standalone worker hosts. Today the classical harmonic fill of <c>Inpaint.Inference</c>
/// (so a fresh worker is ready and answers diffuse calls); the ONNX engines (text segmentation, foreground,
/// LaMa / Stable Diffusion / FLUX) are registered here as their registrations land. Requests naming a model
/// that is not registered get 400 naming it.
/// </summary>
public static class WorkerEngineRegistration
{
    public static IServiceCollection AddWorkerEngines(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration; // engine choice by configuration arrives with the ONNX engines
        services.AddInpaintLocalEngines();
        return services;
    }
}
