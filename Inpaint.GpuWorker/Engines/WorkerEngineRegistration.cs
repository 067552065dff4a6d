using Inpaint.Inference.Fills;
using Inpaint.Inference.Regions;
using Inpaint.Shared.Generation;
using Microsoft.Extensions.Options;

namespace Inpaint.GpuWorker.Engines;

/// <summary>
/// The engines the standalone worker hosts, from configuration:
/// <list type="bullet">
/// <item>the generation engine of the <c>Generation</c> section (<c>Generation__Engine</c>: <c>patchmatch</c> by
/// default, <c>lama</c>, <c>sd-inpaint</c>, <c>flux-fill</c>; <c>Generation__ModelPath</c>), the default for
/// diffuse calls that name no model;</item>
/// <item>the classical harmonic fill (no weights), so <c>model: "harmonic"</c> always works;</item>
/// <item>region selection (<c>Regions</c> section) on the model store at <c>Regions__ModelsDirectory</c>, else
/// <c>INPAINT_MODELS</c> (<c>/models</c> in the container). Models load on first use; one that is not
/// installed is answered with 400 naming it.</item>
/// </list>
/// </summary>
public static class WorkerEngineRegistration
{
    public static IServiceCollection AddWorkerEngines(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration; // bound through the options sections below
        services.AddOptions<GenerationEngineOptions>().BindConfiguration(GenerationEngineOptions.Section);
        services.AddSingleton<IFillEngine>(provider => GenerationEngines.Create(provider.GetRequiredService<IOptions<GenerationEngineOptions>>().Value));
        services.AddSingleton<IFillEngine, HarmonicFill>();
        services.AddRegionSelection();
        return services;
    }
}
