using Inpaint.Shared.Generation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Inpaint.Inference.Fills;

/// <summary>Registers the generation engine chosen in configuration (section <see cref="GenerationEngineOptions.Section"/>).</summary>
public static class GenerationServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="GenerationEngineOptions"/> and registers the engine as <see cref="IGenerationEngine"/> and
    /// <see cref="IFillEngine"/> (before any <c>TryAdd</c> default such as the harmonic fill). The engine is
    /// created on first use; a missing export surfaces then as a <see cref="Models.ModelMissingException"/>.
    /// </summary>
    public static IServiceCollection AddGenerationEngine(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(GenerationEngineOptions.Section).Get<GenerationEngineOptions>() ?? new GenerationEngineOptions();
        services.TryAddSingleton(options);
        services.TryAddSingleton<IGenerationEngine>(sp => GenerationEngines.Create(sp.GetRequiredService<GenerationEngineOptions>()));
        services.TryAddSingleton<IFillEngine>(sp => sp.GetRequiredService<IGenerationEngine>());
        return services;
    }
}
