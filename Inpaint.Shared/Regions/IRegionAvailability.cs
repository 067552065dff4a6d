using Inpaint.Shared.Contracts;

namespace Inpaint.Shared.Regions;

/// <summary>
/// Whether this server has the models a way of choosing the region needs, asked at task creation so a request
/// whose model is missing is refused at once (naming the model and how to install it) instead of failing later.
/// Always registered: <see cref="NoRegionEngine"/> by the domain, replaced by a host that runs region engines.
/// </summary>
public interface IRegionAvailability
{
    /// <summary>Null when <paramref name="source"/> can be served; else a sentence naming the missing model and the fix.</summary>
    string? Missing(RegionSource source);
}
