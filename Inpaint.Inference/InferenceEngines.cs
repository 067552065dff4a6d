using Inpaint.Inference.Fills;
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
    /// missing are refused at creation), and the generation engine from the <c>Generation</c> section —
    /// PatchMatch (no weights) unless a generative model is configured.
    /// </summary>
    public static IServiceCollection AddInpaintLocalEngines(this IServiceCollection services)
    {
        services.AddRegionSelection();
        services.AddOptions<GenerationEngineOptions>().BindConfiguration(GenerationEngineOptions.Section);
        services.TryAddSingleton<IFillEngine>(sp => GenerationEngines.Create(sp.GetRequiredService<IOptions<GenerationEngineOptions>>().Value));
        return services;
    }
}
