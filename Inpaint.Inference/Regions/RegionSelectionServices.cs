using Inpaint.Inference.Models;
using Inpaint.Shared.Regions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inpaint.Inference.Regions;

/// <summary>Registers region selection on the ONNX engines for a host (local stack or GPU worker).</summary>
public static class RegionSelectionServices
{
    /// <summary>
    /// <see cref="RegionEngineOptions"/> from the <c>Regions</c> section (<c>Regions__TextMethod</c>,
    /// <c>Regions__SalientModel</c>, <c>Regions__UseCuda</c>, <c>Regions__ModelsDirectory</c>...), the
    /// <see cref="ModelStore"/> as <see cref="IModelCatalog"/> (for create-time checks with
    /// <see cref="RegionEngineOptions.EnsureInstalled"/>), and <see cref="RegionEngine"/> as <see cref="IRegionEngine"/>.
    /// Models load on first use; call <see cref="RegionEngine.WarmUpAsync"/> at start to load them early.
    /// </summary>
    public static IServiceCollection AddRegionSelection(this IServiceCollection services)
    {
        services.AddOptions<RegionEngineOptions>().BindConfiguration(RegionEngineOptions.Section);
        services.TryAddSingleton(sp => new ModelStore(sp.GetRequiredService<IOptions<RegionEngineOptions>>().Value.ModelsDirectory ?? ModelStore.DefaultRoot));
        services.TryAddSingleton<IModelCatalog>(sp => sp.GetRequiredService<ModelStore>());
        services.TryAddSingleton(sp => new RegionEngine(
            sp.GetRequiredService<ModelStore>(),
            sp.GetRequiredService<IOptions<RegionEngineOptions>>().Value,
            sp.GetService<ILogger<RegionEngine>>()));
        services.TryAddSingleton<IRegionEngine>(sp => sp.GetRequiredService<RegionEngine>());
        // Replace, not TryAdd: the domain registers NoRegionEngine as the default answer.
        services.Replace(ServiceDescriptor.Singleton<IRegionAvailability, RegionAvailability>());
        return services;
    }
}
