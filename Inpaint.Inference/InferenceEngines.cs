using Inpaint.Inference.Fills;
using Inpaint.Shared.Generation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Inpaint.Inference;

/// <summary>Registers the engines that run in-process on this machine.</summary>
public static class InferenceEngines
{
    /// <summary>The fill engine for the local stack: the harmonic fill until a better engine is configured.</summary>
    public static IServiceCollection AddInpaintLocalEngines(this IServiceCollection services)
    {
        services.TryAddSingleton<IFillEngine, HarmonicFill>();
        return services;
    }
}
