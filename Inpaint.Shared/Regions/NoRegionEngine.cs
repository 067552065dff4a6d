using Inpaint.Shared.Contracts;

namespace Inpaint.Shared.Regions;

/// <summary>
/// The domain's default answer to "can this server choose a region by prompt or foreground?": no, it runs
/// no region engine. A host that registers an <see cref="IRegionEngine"/> replaces it with its own
/// <see cref="IRegionAvailability"/> (the model store's, or the GPU worker's).
/// </summary>
public sealed class NoRegionEngine : IRegionAvailability
{
    public string? Missing(RegionSource source) => source switch
    {
        RegionSource.Prompt => "this server runs no region engine, which a text prompt needs (a text segmentation model)",
        RegionSource.Foreground => "this server runs no region engine, which use_rembg needs (a salient-object model)",
        _ => null,
    };
}
