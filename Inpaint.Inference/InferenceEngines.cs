using Inpaint.Inference.Generation;
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
    /// missing are refused at creation), and the generation engine from the <c>Generation</c> section —
    /// PatchMatch (no weights) unless a generative model is configured. An engine registered before wins.
    /// </summary>
    public static IServiceCollection AddInpaintLocalEngines(this IServiceCollection services)
    {
        services.AddRegionSelection();
        services.AddOptions<GenerationEngineOptions>().BindConfiguration(GenerationEngineOptions.Section);
        services.TryAddSingleton(ConfiguredEngine);
        return services;
    }

    /// <summary>
    /// The GPU worker (<c>Inpaint.GpuWorker</c>, <c>inpaint worker</c>), which hosts every registered engine by name:
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
    public static IServiceCollection AddWorkerHostedEngines(this IServiceCollection services)
    {
        services.AddOptions<GenerationEngineOptions>().BindConfiguration(GenerationEngineOptions.Section);
        services.AddSingleton(ConfiguredEngine);
        services.AddSingleton<IGenerationEngine, HarmonicFill>();
        services.AddRegionSelection();
        return services;
    }

    private static IGenerationEngine ConfiguredEngine(IServiceProvider services) =>
        GenerationEngines.Create(services.GetRequiredService<IOptions<GenerationEngineOptions>>().Value);
}
