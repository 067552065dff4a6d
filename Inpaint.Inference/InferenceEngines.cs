using Inpaint.Inference.Generation;
using Inpaint.Inference.Models;
using Inpaint.Inference.Regions;
using Inpaint.Shared.Generation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Inpaint.Inference;

/// <summary>
/// Registers the engines that run in-process on this machine: one method per host that runs them. (The hosts
/// that send the work to the GPU worker register its adapters instead: <c>Shared/Worker/GpuWorkerEngines</c>.)
/// </summary>
public static class InferenceEngines
{
    /// <summary>
    /// The local stack without a worker: region selection on the installed ONNX models (requests whose model is
    /// missing are refused at creation), and generation by the best installed engine per task — MI-GAN or LaMa
    /// for removals when installed, else the <c>Generation</c> section's engine (PatchMatch, no weights); a
    /// generative model for prompts, or PatchMatch with a warning when none is installed (the local stack's
    /// default <see cref="GenerationEngineOptions.PromptFallback"/>). An engine registered before wins; so does
    /// one registered after (a test's or benchmark's engine): the chooser serves every task with it.
    /// </summary>
    public static IServiceCollection AddInpaintLocalEngines(this IServiceCollection services)
    {
        services.AddRegionSelection();
        services.AddOptions<GenerationEngineOptions>().BindConfiguration(GenerationEngineOptions.Section);
        services.TryAddSingleton(ConfiguredEngine);
        // The last registered engine: the configured one, or the one a test's hook registered after it.
        services.AddGenerationChoice(promptFallbackByDefault: true, sp => sp.GetRequiredService<IGenerationEngine>());
        return services;
    }

    /// <summary>
    /// The GPU worker (<c>Inpaint.GpuWorker</c>, <c>inpaint worker</c>), which hosts every registered engine by name:
    /// <list type="bullet">
    /// <item>the generation engine of the <c>Generation</c> section (<c>Generation__Engine</c>: <c>patchmatch</c> by
    /// default, <c>lama</c>, <c>sd-inpaint</c>, <c>flux-fill</c>; <c>Generation__ModelPath</c>), the default for
    /// diffuse calls that name no model when <c>Generation__Engine</c> is set, and the removal engine of last resort;</item>
    /// <item>the fill models installed in the model store (<c>inpaint models pull migan</c>, or filled from Blob): a
    /// request that names no model gets the best one for its prompt (MI-GAN, LaMa for removals; FLUX.2 klein,
    /// FLUX.1 Fill, SD inpainting for prompts), and <c>/v1/info</c> lists them; without a generative model a
    /// prompt is refused (400) unless <c>Generation__PromptFallback</c> is true;</item>
    /// <item>the classical harmonic fill (no weights), so <c>model: "harmonic"</c> always works;</item>
    /// <item>region selection (<c>Regions</c> section) on the model store at <c>Regions__ModelsDirectory</c>, else
    /// <c>INPAINT_MODELS</c> (<c>/models</c> in the container). Models load on first use; one that is not
    /// installed is answered with 400 naming it.</item>
    /// </list>
    /// </summary>
    public static IServiceCollection AddWorkerHostedEngines(this IServiceCollection services)
    {
        services.AddOptions<GenerationEngineOptions>().BindConfiguration(GenerationEngineOptions.Section);
        services.AddSingleton(ConfiguredEngine);
        services.AddSingleton<IGenerationEngine, HarmonicFill>();
        services.AddRegionSelection();
        // The first registered engine is the configured one (harmonic follows it, named on request only).
        services.AddGenerationChoice(promptFallbackByDefault: false, sp => sp.GetServices<IGenerationEngine>().First());
        return services;
    }

    /// <summary>
    /// The best installed engine per task (<see cref="InstalledEngineChooser"/>) over the model store, with
    /// <paramref name="configured"/> as the host's configured engine. Registered after the domain's one-engine
    /// default, so it replaces it. <paramref name="promptFallbackByDefault"/> applies when
    /// <see cref="GenerationEngineOptions.PromptFallback"/> is not set.
    /// </summary>
    public static IServiceCollection AddGenerationChoice(
        this IServiceCollection services, bool promptFallbackByDefault, Func<IServiceProvider, IGenerationEngine> configured)
    {
        services.TryAddSingleton(sp => new InstalledGenerationEngines(
            sp.GetRequiredService<ModelStore>(), sp.GetRequiredService<IOptions<GenerationEngineOptions>>().Value));
        services.AddSingleton<IGenerationEngineChooser>(sp => new InstalledEngineChooser(
            sp.GetRequiredService<InstalledGenerationEngines>(),
            configured(sp),
            sp.GetRequiredService<IOptions<GenerationEngineOptions>>().Value.PromptFallback ?? promptFallbackByDefault));
        return services;
    }

    private static IGenerationEngine ConfiguredEngine(IServiceProvider services) =>
        GenerationEngines.Create(services.GetRequiredService<IOptions<GenerationEngineOptions>>().Value);
}
