using Inpaint.Inference.Models;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Regions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Regions;

/// <summary>
/// <see cref="IRegionEngine"/> on the ONNX engines: text prompts through CLIPSeg, Grounding DINO + SAM 2.1 or SAM 3
/// (each comma-separated phrase selected, the results united), the foreground through a salient-object model.
/// Models load on first use (one session per model, shared by all callers) from the <see cref="ModelStore"/>;
/// a missing model is a <see cref="ModelMissingException"/>, an empty result a
/// <see cref="RegionNotFoundException"/> — never an empty mask.
/// </summary>
public sealed partial class RegionEngine : IRegionEngine, IDisposable
{
    private readonly RegionEngineOptions _options;
    private readonly ILogger _logger;
    private readonly LoadOnce<ClipSegSegmenter> _clipSeg;
    private readonly LoadOnce<GroundingDinoDetector> _detector;
    private readonly LoadOnce<Sam2Segmenter> _sam;
    private readonly LoadOnce<SalientObjectDetector> _salient;
    private readonly LoadOnce<Sam3TextSegmenter> _sam3;

    public RegionEngine(ModelStore store, RegionEngineOptions options, ILogger<RegionEngine>? logger = null)
    {
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var sessions = options.EffectiveSessions;
        _clipSeg = new(() => ClipSegSegmenter.Load(store, options.ClipSegModel, sessions, _logger));
        _detector = new(() => GroundingDinoDetector.Load(store, options.DetectorModel, sessions, _logger));
        _sam = new(() => Sam2Segmenter.Load(store, options.SegmenterModel, sessions, _logger));
        _salient = new(() => SalientObjectDetector.Load(store, options.SalientModel, sessions, _logger));
        _sam3 = new(() => Sam3TextSegmenter.Load(store, options.Sam3Model, sessions, _logger));
    }

    /// <summary>Builds the engine from already loaded parts (tests, or a host that manages sessions itself).</summary>
    public RegionEngine(RegionEngineOptions options, ClipSegSegmenter? clipSeg = null, GroundingDinoDetector? detector = null,
        Sam2Segmenter? sam = null, SalientObjectDetector? salient = null, ILogger<RegionEngine>? logger = null, Sam3TextSegmenter? sam3 = null)
    {
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _clipSeg = new(() => clipSeg ?? throw new ModelMissingException(options.ClipSegModel, ModelStore.InstallHint(options.ClipSegModel)));
        _detector = new(() => detector ?? throw new ModelMissingException(options.DetectorModel, ModelStore.InstallHint(options.DetectorModel)));
        _sam = new(() => sam ?? throw new ModelMissingException(options.SegmenterModel, ModelStore.InstallHint(options.SegmenterModel)));
        _salient = new(() => salient ?? throw new ModelMissingException(options.SalientModel, ModelStore.InstallHint(options.SalientModel)));
        _sam3 = new(() => sam3 ?? throw new ModelMissingException(options.Sam3Model, ModelStore.InstallHint(options.Sam3Model)));
    }

    /// <summary>The execution provider of each model loaded so far (model name → <c>CUDA</c>/<c>CPU</c>).</summary>
    public IReadOnlyDictionary<string, string> Providers
    {
        get
        {
            var providers = new Dictionary<string, string>();
            if (_clipSeg.IsLoaded) providers[_options.ClipSegModel] = _clipSeg.Value.Session.Provider;
            if (_detector.IsLoaded) providers[_options.DetectorModel] = _detector.Value.Session.Provider;
            if (_sam.IsLoaded) providers[_options.SegmenterModel] = _sam.Value.Encoder.Provider;
            if (_salient.IsLoaded) providers[_options.SalientModel] = _salient.Value.Session.Provider;
            if (_sam3.IsLoaded) providers[_options.Sam3Model] = _sam3.Value.Vision.Provider;
            return providers;
        }
    }

    public Task<MaskPlane> SegmentAsync(Image<Rgba32> image, string prompt, CancellationToken cancellationToken) =>
        Task.Run(() => Segment(image, prompt, cancellationToken), cancellationToken);

    public Task<MaskPlane> ForegroundAsync(Image<Rgba32> image, CancellationToken cancellationToken) =>
        Task.Run(() => Foreground(image, cancellationToken), cancellationToken);

    /// <summary>Loads the models for <paramref name="kind"/> and runs each once on a small grey image, so the
    /// first request does not pay for loading, allocation or kernel selection.</summary>
    public Task WarmUpAsync(RegionKind kind, CancellationToken cancellationToken) => Task.Run(() =>
    {
        using var grey = new Image<Rgba32>(64, 64, new Rgba32(128, 128, 128));
        try
        {
            if (kind == RegionKind.Foreground) Foreground(grey, cancellationToken);
            else Segment(grey, "object", cancellationToken);
        }
        catch (RegionNotFoundException)
        {
            // Expected on a blank image: the point was to run the models once.
        }
        foreach (var (model, provider) in Providers) LogReady(_logger, model, provider);
    }, cancellationToken);

    private MaskPlane Segment(Image<Rgba32> image, string prompt, CancellationToken cancellationToken)
    {
        var phrases = PromptPhrases.Split(prompt);
        if (phrases.Count == 0) throw new RegionNotFoundException(prompt);

        MaskPlane mask;
        if (_options.TextMethod == TextRegionMethod.ClipSeg)
        {
            mask = _clipSeg.Value.Segment(image, phrases, _options.ClipSegThreshold, cancellationToken);
        }
        else if (_options.TextMethod == TextRegionMethod.Sam3)
        {
            mask = _sam3.Value.Segment(image, phrases, _options.Sam3Threshold, cancellationToken);
        }
        else
        {
            var boxes = _detector.Value.Detect(image, phrases, _options.BoxThreshold, cancellationToken);
            LogBoxes(_logger, prompt, boxes.Count);
            if (boxes.Count == 0) throw new RegionNotFoundException(prompt);
            mask = _sam.Value.Segment(image, boxes, cancellationToken);
        }
        if (!mask.Any(0.5f)) throw new RegionNotFoundException(prompt);
        return mask;
    }

    private MaskPlane Foreground(Image<Rgba32> image, CancellationToken cancellationToken)
    {
        var mask = _salient.Value.Detect(image, cancellationToken);
        if (!mask.Any(_options.ForegroundThreshold)) throw new RegionNotFoundException("foreground");
        return mask;
    }

    public void Dispose()
    {
        _clipSeg.Dispose();
        _detector.Dispose();
        _sam.Dispose();
        _salient.Dispose();
        _sam3.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Region model {Model} ready on {Provider}")]
    private static partial void LogReady(ILogger logger, string model, string provider);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Prompt {Prompt}: {Count} boxes above threshold")]
    private static partial void LogBoxes(ILogger logger, string prompt, int count);
}
