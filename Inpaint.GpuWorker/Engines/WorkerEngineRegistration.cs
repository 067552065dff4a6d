using Inpaint.Inference;

namespace Inpaint.GpuWorker.Engines;

/// <summary>
/// The engines the standalone worker hosts: the generation engine from the <c>Generation</c> section
/// (PatchMatch, which needs no weights, unless LaMa / Stable Diffusion / FLUX.1 Fill is configured) and region
/// selection on the installed ONNX models. Requests naming a model that is not registered get 400 naming it.
/// </summary>
public static class WorkerEngineRegistration
{
    public static IServiceCollection AddWorkerEngines(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration; // the engines bind their own sections (Generation, Regions)
        services.AddInpaintLocalEngines();
        return services;
    }
}
