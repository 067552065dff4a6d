using Inpaint.Inference.Models;
using Inpaint.Inference.Postprocessing;
using Inpaint.Inference.Preprocessing;
using Inpaint.Inference.Sessions;
using Inpaint.Inference.Tokenizers;
using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Regions;

/// <summary>
/// Text → mask with CLIPSeg (rd64-refined export, MODELS.md §1): all phrases in one call (the image repeated
/// once per phrase, as the Python model requires equal batches), <c>logits</c> of rank 2 or 3, union as the
/// maximum over phrases, sigmoid, bilinear to the image's size, threshold.
/// </summary>
public sealed class ClipSegSegmenter(ModelSession session, ClipTokenizer tokenizer, ImagePreprocessing preprocessing) : IDisposable
{
    public ModelSession Session { get; } = session;

    public static ClipSegSegmenter Load(ModelStore store, string name, ModelSessionOptions options, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        var manifest = store.Require(name);
        var session = ModelSession.Load(store.PathOf(manifest, ModelRoles.Model), options, logger);
        var tokenizer = ClipTokenizer.FromFile(store.PathOf(manifest, ModelRoles.Tokenizer));
        return new ClipSegSegmenter(session, tokenizer, manifest.Preprocessing ?? ImagePreprocessing.ImageNet(352));
    }

    /// <summary>Coverage of the union of <paramref name="phrases"/>: 1 where the probability exceeds
    /// <paramref name="threshold"/>.</summary>
    public MaskPlane Segment(Image<Rgba32> image, IReadOnlyList<string> phrases, float threshold, CancellationToken cancellationToken)
    {
        var inputs = Prepare(image, phrases);
        var logits = Session.Run(inputs, cancellationToken)["logits"];
        return ToMask(logits, image.Width, image.Height, threshold);
    }

    /// <summary>Model inputs for one image and N phrases (preprocessing only; exposed for the benchmark).</summary>
    public Dictionary<string, TensorData> Prepare(Image<Rgba32> image, IReadOnlyList<string> phrases)
    {
        if (phrases.Count == 0) throw new ArgumentException("At least one phrase is needed.", nameof(phrases));
        var tokens = tokenizer.EncodeBatch(phrases);
        var (w, h) = InputSize(Session, "pixel_values", preprocessing);
        var plane = 3 * w * h;
        // Pixel batch = text batch: pack once, copy for the other phrases.
        var pixels = new float[phrases.Count * plane];
        ImageTensorPacker.Pack(image, preprocessing, w, h, pixels);
        for (var i = 1; i < phrases.Count; i++) pixels.AsSpan(0, plane).CopyTo(pixels.AsSpan(i * plane, plane));
        return new Dictionary<string, TensorData>
        {
            ["input_ids"] = TensorData.FromInt64s(tokens.Ids, tokens.Count, tokens.Length),
            ["attention_mask"] = TensorData.FromInt64s(tokens.AttentionMask, tokens.Count, tokens.Length),
            ["pixel_values"] = TensorData.FromFloats(pixels, phrases.Count, 3, h, w),
        };
    }

    /// <summary>Logits <c>[N, h, w]</c> or <c>[h, w]</c> → union mask at the image's size (postprocessing only).</summary>
    public static MaskPlane ToMask(TensorData logits, int width, int height, float threshold)
    {
        var shape = logits.Shape;
        if (shape.Length < 2) throw new InvalidDataException($"CLIPSeg logits must have rank 2 or 3, not {shape.Length}.");
        var mh = (int)shape[^2];
        var mw = (int)shape[^1];
        var plane = mw * mh;
        var values = logits.AsFloats();
        var maps = values.Length / plane;
        // Union over phrases: the maximum logit (sigmoid is monotonic, so max-then-sigmoid is exact).
        var union = values.AsSpan(0, plane).ToArray();
        for (var i = 1; i < maps; i++)
            System.Numerics.Tensors.TensorPrimitives.Max(union, values.AsSpan(i * plane, plane), union);
        MaskResampler.Sigmoid(union);
        return MaskResampler.Bilinear(union, mw, mh, width, height, threshold);
    }

    internal static (int Width, int Height) InputSize(ModelSession session, string input, ImagePreprocessing pre)
    {
        var dims = session.Input(input).Dimensions;
        var h = dims.Length == 4 && dims[2] > 0 ? (int)dims[2] : pre.Height;
        var w = dims.Length == 4 && dims[3] > 0 ? (int)dims[3] : pre.Width;
        return (w, h);
    }

    public void Dispose() => Session.Dispose();
}
