using Inpaint.Inference.Models;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Regions;
using Microsoft.Extensions.Options;

namespace Inpaint.Inference.Regions;

/// <summary>Answers create-time checks from the model store: which configured region model is not installed.</summary>
public sealed class RegionAvailability(IModelCatalog catalog, IOptions<RegionEngineOptions> options) : IRegionAvailability
{
    public string? Missing(RegionSource source)
    {
        var kind = source == RegionSource.Foreground ? RegionKind.Foreground : RegionKind.Text;
        var missing = options.Value.ModelsFor(kind).FirstOrDefault(name => !catalog.IsInstalled(name));
        return missing is null
            ? null
            : $"the model '{missing}' is not installed on this server (install it with 'inpaint models pull {missing}')";
    }
}
