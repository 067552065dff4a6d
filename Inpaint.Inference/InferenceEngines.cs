using Inpaint.Inference.Fills;
using Inpaint.Inference.Generation;
using Inpaint.Inference.Regions;
using Inpaint.Shared.Generation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Inpaint.Inference;

/// <summary>Registers the engines that run in-process on this machine.</summary>
public static class InferenceEngines
{
    /// <summary>
    /// The engines of the local stack: region selection on the installed ONNX models (requests whose model is
    /// missing are refused at creation), and generation by the best installed engine per task — MI-GAN or LaMa
    /// for removals when installed, else the <c>Generation</c> section's engine (PatchMatch, no weights); a
    /// generative model for prompts, or PatchMatch with a warning when none is installed (the local stack's
    /// default <see cref="GenerationEngineOptions.PromptFallback"/>).
    /// </summary>
    public static IServiceCollection AddInpaintLocalEngines(this IServiceCollection services)
    {
        services.AddRegionSelection();
        services.AddOptions<GenerationEngineOptions>().BindConfiguration(GenerationEngineOptions.Section);
        services.TryAddSingleton<IFillEngine>(sp => GenerationEngines.Create(sp.GetRequiredService<IOptions<GenerationEngineOptions>>().Value));
        services.AddGenerationChoice(promptFallbackByDefault: true);
        return services;
    }

    /// <summary>
    /// The best installed engine per task (<see cref="InstalledEngineChooser"/>) over the model store, with the
    /// host's first <see cref="IFillEngine"/> as the configured engine. Registered after the domain's one-engine default,
    /// so it replaces it. <paramref name="promptFallbackByDefault"/> applies when
    /// <see cref="GenerationEngineOptions.PromptFallback"/> is not set.
    /// </summary>
    public static IServiceCollection AddGenerationChoice(this IServiceCollection services, bool promptFallbackByDefault)
    {
        services.TryAddSingleton(sp => new InstalledGenerationEngines(
            sp.GetRequiredService<Models.ModelStore>(), sp.GetRequiredService<IOptions<GenerationEngineOptions>>().Value));
        services.AddSingleton<IGenerationEngineChooser>(sp => new InstalledEngineChooser(
            sp.GetRequiredService<InstalledGenerationEngines>(),
            sp.GetServices<IFillEngine>().FirstOrDefault() ?? new PatchMatchFill(),
            sp.GetRequiredService<IOptions<GenerationEngineOptions>>().Value.PromptFallback ?? promptFallbackByDefault));
        return services;
    }
}
