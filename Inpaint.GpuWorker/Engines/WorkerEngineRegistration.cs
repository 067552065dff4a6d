using Inpaint.Inference;
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
/// diffuse calls that name no model when <c>Generation__Engine</c> is set, and the removal engine of last resort;</item>
/// <item>the fill models installed in the model store (<c>inpaint models pull migan</c>, or filled from Blob): a
/// request that names no model gets the best one for its prompt (MI-GAN, LaMa for removals; FLUX.2 klein,
/// FLUX.1 Fill, SD inpainting for prompts), and <c>/v1/info</c> lists them;</item>
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
        // Diffuse requests that name no model get the best installed engine for their prompt; without a
        // generative model a prompt is refused (400) unless Generation__PromptFallback is true.
        services.AddGenerationChoice(promptFallbackByDefault: false);
        return services;
    }
}
