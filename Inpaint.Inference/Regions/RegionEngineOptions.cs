using Inpaint.Inference.Models;
using Inpaint.Inference.Sessions;

namespace Inpaint.Inference.Regions;

/// <summary>Configuration of <see cref="RegionEngine"/> (section <c>Regions</c>).</summary>
public sealed record RegionEngineOptions
{
    public const string Section = "Regions";

    public TextRegionMethod TextMethod { get; init; } = TextRegionMethod.ClipSeg;

    public string ClipSegModel { get; init; } = KnownModels.ClipSeg;

    public string DetectorModel { get; init; } = KnownModels.GroundingDino;

    public string SegmenterModel { get; init; } = KnownModels.Sam2;

    /// <summary>The SAM 3 text model for <see cref="TextRegionMethod.Sam3"/>.</summary>
    public string Sam3Model { get; init; } = KnownModels.Sam3Text;

    /// <summary>SAM 3 query score (<c>sigmoid(logit)·presence</c>) above which an instance is kept (HF's default 0.5).</summary>
    public float Sam3Threshold { get; init; } = 0.5f;

    /// <summary>The salient-object model for foreground/background (<c>isnet-general-use</c> or <c>birefnet</c>).</summary>
    public string SalientModel { get; init; } = KnownModels.IsNet;

    /// <summary>CLIPSeg probability above which a pixel is in the region (no standard value; 0.4 is common).</summary>
    public float ClipSegThreshold { get; init; } = 0.4f;

    /// <summary>Grounding DINO box score threshold (transformers.js 0.25, its pipeline example 0.3).</summary>
    public float BoxThreshold { get; init; } = 0.3f;

    /// <summary>A foreground whose probability nowhere exceeds this counts as "nothing found".</summary>
    public float ForegroundThreshold { get; init; } = 0.5f;

    /// <summary>The models directory; null means <see cref="ModelStore.DefaultRoot"/> (<c>$INPAINT_MODELS</c>).</summary>
    public string? ModelsDirectory { get; init; }

    /// <summary>Try the CUDA execution provider first (falls back to CPU when it cannot load).</summary>
    public bool UseCuda { get; init; }

    /// <summary>Providers and threads for every region model; <see cref="UseCuda"/> puts CUDA in front.</summary>
    public ModelSessionOptions Sessions { get; init; } = ModelSessionOptions.Cpu;

    internal ModelSessionOptions EffectiveSessions => UseCuda ? Sessions with { Providers = [new ExecutionProviders.CudaExecutionProvider(), .. Sessions.Providers] } : Sessions;

    /// <summary>The models a request of <paramref name="kind"/> needs, for create-time validation.</summary>
    public IReadOnlyList<string> ModelsFor(RegionKind kind) => kind switch
    {
        RegionKind.Foreground => [SalientModel],
        _ when TextMethod == TextRegionMethod.ClipSeg => [ClipSegModel],
        _ when TextMethod == TextRegionMethod.Sam3 => [Sam3Model],
        _ => [DetectorModel, SegmenterModel],
    };

    /// <summary>Throws <see cref="ModelMissingException"/> for the first model of <paramref name="kind"/> that
    /// <paramref name="catalog"/> lacks.</summary>
    public void EnsureInstalled(IModelCatalog catalog, RegionKind kind)
    {
        foreach (var name in ModelsFor(kind)) catalog.Require(name);
    }
}
