using Inpaint.Inference.Generation.Diffusion;
using Inpaint.Inference.Sessions;
using Inpaint.Shared.Generation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Generation;

/// <summary>
/// MI-GAN's ONNX pipeline (<c>migan_pipeline_v2.onnx</c>, made by Picsart-AI-Research/MI-GAN
/// <c>scripts/create_onnx_pipeline.py</c>): removal without a prompt. Contract, read from that script:
/// <c>image</c> uint8 [B,3,H,W] RGB and <c>mask</c> uint8 [B,1,H,W] where <b>255 = keep and 0 = hole</b>
/// (the opposite of LaMa; the script binarises every value below 255 to 0), <c>result</c> uint8 [B,3,H,W]
/// with H and W dynamic. The graph crops around the hole, resizes to its 512² generator, pastes back and
/// blends, so the crop is sent at its own size. The checks in the constructor refuse any other export (for
/// example the raw generator, which takes a float 4-channel tensor) with a sentence naming what differs.
/// </summary>
/// <remarks>
/// The pipeline finds the hole's bounding box on the first item of the batch only, so every sample runs as a
/// batch of one. Creativity has no MI-GAN control (every creativity maps to the same empty set); the model is
/// deterministic, so the seed does not change the output and the samples of one task are identical.
/// A pixel is a hole where the mask is at least 0.5 (our masks are feathered; the composite blends the rest).
/// </remarks>
public sealed class MiGanFill : IGenerationEngine
{
    private const string ImageInput = "image";
    private const string MaskInput = "mask";
    private const string ResultOutput = "result";
    private readonly ModelSession _session;
    private readonly (int Width, int Height)? _fixedSize;

    public MiGanFill(ModelSession session, string model = "migan_pipeline_v2")
    {
        _session = session;
        Model = model;
        _fixedSize = Validate(session);
    }

    public string Name => "migan";

    public string Model { get; }

    public EngineControls ControlsFor(double creativity) => EngineControls.Create(Name, creativity);

    public async Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        (await GenerateBatchAsync([request], progress, cancellationToken).ConfigureAwait(false))[0];

    public Task<IReadOnlyList<Image<Rgba32>>> GenerateBatchAsync(IReadOnlyList<GenerationRequest> requests, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentOutOfRangeException.ThrowIfZero(requests.Count);
        return Task.Run<IReadOnlyList<Image<Rgba32>>>(() =>
        {
            var results = new List<Image<Rgba32>>(requests.Count);
            try
            {
                for (int i = 0; i < requests.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    results.Add(Run(requests[i], cancellationToken));
                    progress?.Report(new GenerationProgress(i + 1, requests.Count));
                }
                return results;
            }
            catch
            {
                foreach (var image in results) image.Dispose();
                throw;
            }
        }, cancellationToken);
    }

    private Image<Rgba32> Run(GenerationRequest request, CancellationToken cancellationToken)
    {
        var (crop, mask) = (request.Crop, request.Mask);
        if (mask.Width != crop.Width || mask.Height != crop.Height)
            throw new ArgumentException($"Mask is {mask.Width}×{mask.Height} but the crop is {crop.Width}×{crop.Height}.", nameof(request));
        var (w, h) = _fixedSize ?? (crop.Width, crop.Height);
        int plane = w * h;

        // 0–255 planes; the session casts them to the declared uint8.
        var image = new float[3 * plane];
        PixelPlanes.Write(crop, w, h, 1f, 0f, image);
        var hole = PixelPlanes.BinaryMask(mask, w, h);
        var keep = new float[plane];
        for (int p = 0; p < plane; p++) keep[p] = hole[p] > 0f ? 0f : 255f;

        var outputs = _session.Run(new Dictionary<string, TensorData>
        {
            [ImageInput] = TensorData.FromFloats(image, 1, 3, h, w),
            [MaskInput] = TensorData.FromFloats(keep, 1, 1, h, w),
        }, cancellationToken, [ResultOutput]);
        var result = outputs[ResultOutput];
        if (result.Length != 3 * plane)
            throw new InvalidDataException($"MI-GAN returned {result} for a {w}×{h} input; [1, 3, {h}, {w}] was expected.");
        var values = Array.ConvertAll(result.AsInt64s(), v => (float)v);
        var filled = PixelPlanes.Read(values, w, h, 1f, 0f, crop.Width, crop.Height);
        CopyAlpha(crop, filled);
        return filled;
    }

    private static void CopyAlpha(Image<Rgba32> from, Image<Rgba32> to)
    {
        for (int y = 0; y < to.Height; y++)
            for (int x = 0; x < to.Width; x++)
            {
                var p = to[x, y];
                p.A = from[x, y].A;
                to[x, y] = p;
            }
    }

    /// <summary>Checks names, element types and ranks against the pipeline export; returns the fixed input size
    /// when the graph declares one (a re-export at 512²), else null (any size).</summary>
    private static (int, int)? Validate(ModelSession session)
    {
        foreach (var name in new[] { ImageInput, MaskInput })
        {
            if (!session.HasInput(name))
                throw new InvalidOperationException($"'{session.Name}' is not an MI-GAN pipeline export: it has no '{name}' input (inputs: {string.Join(", ", session.Inputs)}). Use migan_pipeline_v2.onnx, not the raw generator.");
        }
        if (!session.HasOutput(ResultOutput))
            throw new InvalidOperationException($"'{session.Name}' is not an MI-GAN pipeline export: it has no '{ResultOutput}' output (outputs: {string.Join(", ", session.Outputs)}).");

        var image = session.Input(ImageInput);
        var mask = session.Input(MaskInput);
        var result = session.Output(ResultOutput);
        foreach (var spec in new[] { image, mask, result })
        {
            if (spec.ElementType != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.UInt8)
                throw new InvalidOperationException($"'{session.Name}': MI-GAN's pipeline takes and returns uint8 (0–255, mask 255 = keep); '{spec}' is declared instead.");
            if (spec.Dimensions.Length != 4)
                throw new InvalidOperationException($"'{session.Name}': '{spec}' should have rank 4 (batch, channels, height, width).");
        }
        if (image.Dimensions[1] is not (3 or -1) || mask.Dimensions[1] is not (1 or -1))
            throw new InvalidOperationException($"'{session.Name}': MI-GAN wants image [B,3,H,W] and mask [B,1,H,W]; the graph declares {image} and {mask}.");
        var (h, w) = (image.Dimensions[2], image.Dimensions[3]);
        return h > 0 && w > 0 ? ((int)w, (int)h) : null;
    }
}
