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
/// Text → masks with SAM 3 (danilobukvic/sam3-text-onnx: vision encoder, text encoder, DETR-style decoder).
/// The image is squashed to the vision input (1008², <c>px/127.5 − 1</c>) and encoded once; each phrase is
/// CLIP-tokenized to the text input's length (32) with its attention mask and encoded; the decoder gets every
/// input it declares from the encoders' outputs of the same name (the export passes the FPN features and text
/// features through by name; a decoder input no encoder provides is refused naming it), and returns
/// <c>pred_logits</c> [1, Q] with <c>pred_masks</c> [1, Q, h, w] (and, where exported, <c>presence_logits</c>).
/// A query is kept when <c>sigmoid(logit)·sigmoid(presence)</c> exceeds the threshold (HF
/// <c>post_process_instance_segmentation</c>); its mask is <c>sigmoid(mask) &gt; 0.5</c>, i.e. logit &gt; 0, resized
/// bilinearly to the image. The result is the union over queries and phrases.
/// </summary>
public sealed class Sam3TextSegmenter(ModelSession vision, ModelSession text, ModelSession decoder, ClipTokenizer tokenizer, ImagePreprocessing preprocessing) : IDisposable
{
    private const int DefaultTextLength = 32;

    public ModelSession Vision { get; } = vision;

    public static Sam3TextSegmenter Load(ModelStore store, string name, ModelSessionOptions options, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        var manifest = store.Require(name);
        return new Sam3TextSegmenter(
            ModelSession.Load(store.PathOf(manifest, ModelRoles.Encoder), options, logger),
            ModelSession.Load(store.PathOf(manifest, ModelRoles.TextEncoder), options, logger),
            ModelSession.Load(store.PathOf(manifest, ModelRoles.Decoder), options, logger),
            ClipTokenizer.FromFile(store.PathOf(manifest, ModelRoles.Tokenizer)),
            manifest.Preprocessing ?? new ImagePreprocessing { Width = 1008, Height = 1008, Mean = [0.5f, 0.5f, 0.5f], Std = [0.5f, 0.5f, 0.5f] });
    }

    /// <summary>The union of the masks of every query above <paramref name="threshold"/>, over all phrases.</summary>
    public MaskPlane Segment(Image<Rgba32> image, IReadOnlyList<string> phrases, float threshold, CancellationToken cancellationToken)
    {
        var pixelInput = Vision.HasInput("pixel_values") ? "pixel_values" : Vision.Inputs[0].Name;
        var (w, h) = ClipSegSegmenter.InputSize(Vision, pixelInput, preprocessing);
        var pixels = new float[3 * w * h];
        ImageTensorPacker.Pack(image, preprocessing, w, h, pixels);
        var visionOutputs = Vision.Run(new Dictionary<string, TensorData> { [pixelInput] = TensorData.FromFloats(pixels, 1, 3, h, w) }, cancellationToken);

        var union = new MaskPlane(image.Width, image.Height);
        foreach (var phrase in phrases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tokens = Tokens(phrase);
            var textOutputs = text.Run(tokens, cancellationToken);
            var inputs = new Dictionary<string, TensorData>();
            foreach (var spec in decoder.Inputs)
            {
                inputs[spec.Name] = visionOutputs.Values.TryGetValue(spec.Name, out var v) ? v
                    : textOutputs.Values.TryGetValue(spec.Name, out var t) ? t
                    : tokens.TryGetValue(spec.Name, out var k) ? k
                    : throw new InvalidOperationException(
                        $"SAM 3 decoder '{decoder.Name}' needs '{spec.Name}', which neither encoder returns (vision: {string.Join(", ", visionOutputs.Values.Keys)}; text: {string.Join(", ", textOutputs.Values.Keys)}).");
            }
            var outputs = decoder.Run(inputs, cancellationToken);
            var mask = ToMask(outputs.Values, image.Width, image.Height, threshold);
            var u = union.Data;
            var m = mask.Data;
            for (var i = 0; i < u.Length; i++) u[i] = Math.Max(u[i], m[i]);
        }
        return union;
    }

    /// <summary><c>pred_logits</c> [1,Q], <c>pred_masks</c> [1,Q,h,w] (+ <c>presence_logits</c>) → the union of the
    /// kept queries' masks at the image's size; empty when no query clears the threshold.</summary>
    public static MaskPlane ToMask(IReadOnlyDictionary<string, TensorData> outputs, int width, int height, float threshold)
    {
        var logits = Required(outputs, "pred_logits").AsFloats();
        var masks = Required(outputs, "pred_masks");
        var presence = outputs.TryGetValue("presence_logits", out var p) ? Sigmoid(p.AsFloats()[0]) : 1f;
        var mh = (int)masks.Shape[^2];
        var mw = (int)masks.Shape[^1];
        var plane = mw * mh;
        var values = masks.AsFloats();
        if (values.Length != logits.Length * plane)
            throw new InvalidDataException($"SAM 3 returned {logits.Length} query scores but {masks} masks.");

        float[]? best = null;
        for (var q = 0; q < logits.Length; q++)
        {
            if (Sigmoid(logits[q]) * presence <= threshold) continue;
            var query = values.AsSpan(q * plane, plane);
            if (best is null) best = query.ToArray();
            else System.Numerics.Tensors.TensorPrimitives.Max(best, query, best);
        }
        // Mask logits: sigmoid(x) > 0.5 ⇔ x > 0, and the maximum over queries is their union.
        return best is null ? new MaskPlane(width, height) : MaskResampler.Bilinear(best, mw, mh, width, height, threshold: 0f);
    }

    private Dictionary<string, TensorData> Tokens(string phrase)
    {
        var idsSpec = text.Input("input_ids");
        var length = idsSpec.Dimensions is [_, > 0 and var n] ? (int)n : DefaultTextLength;
        var encoded = tokenizer.Encode(phrase);
        var ids = new long[length];
        var mask = new long[length];
        Array.Fill(ids, tokenizer.PadId);
        var count = Math.Min(length, encoded.Count);
        for (var i = 0; i < count; i++)
        {
            ids[i] = encoded[i];
            mask[i] = 1;
        }
        // Truncated: the sequence still ends with <|endoftext|>, as the processor's truncation keeps it.
        if (encoded.Count > length) ids[length - 1] = tokenizer.EndId;
        var tokens = new Dictionary<string, TensorData> { ["input_ids"] = TensorData.FromInt64s(ids, 1, length) };
        if (text.HasInput("attention_mask")) tokens["attention_mask"] = TensorData.FromInt64s(mask, 1, length);
        return tokens;
    }

    private static TensorData Required(IReadOnlyDictionary<string, TensorData> outputs, string name) =>
        outputs.TryGetValue(name, out var value) ? value
            : throw new InvalidOperationException($"The SAM 3 decoder has no '{name}' output (it returns {string.Join(", ", outputs.Keys)}).");

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    public void Dispose()
    {
        Vision.Dispose();
        text.Dispose();
        decoder.Dispose();
    }
}
