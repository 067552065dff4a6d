using Inpaint.Inference.Models;
using Inpaint.Inference.Preprocessing;
using Inpaint.Inference.Sessions;
using Inpaint.Inference.Tokenizers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Regions;

/// <summary>
/// Text → boxes with Grounding DINO tiny (MODELS.md §3): the phrases in one prompt (<c>"hat. hair."</c>,
/// lower-case, each ending in a full stop), the image resized so its short side is 800 and its long side at
/// most 1333 (aspect kept, bilinear), ImageNet-normalised, padded bottom/right with <c>pixel_mask</c> marking
/// real pixels. A query's score is its highest sigmoid over the phrase tokens (not [CLS], [SEP] or the stops);
/// boxes above the threshold come back as xyxy in the original image's pixels.
/// </summary>
public sealed class GroundingDinoDetector(ModelSession session, WordPieceTokenizer tokenizer, ImagePreprocessing preprocessing) : IDisposable
{
    public const int ShortestEdge = 800;
    public const int LongestEdge = 1333;

    public ModelSession Session { get; } = session;

    public static GroundingDinoDetector Load(ModelStore store, string name, ModelSessionOptions options, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        var manifest = store.Require(name);
        var session = ModelSession.Load(store.PathOf(manifest, ModelRoles.Model), options, logger);
        var tokenizer = WordPieceTokenizer.FromFile(store.PathOf(manifest, ModelRoles.Tokenizer));
        return new GroundingDinoDetector(session, tokenizer, manifest.Preprocessing ?? new ImagePreprocessing());
    }

    public IReadOnlyList<DetectedBox> Detect(Image<Rgba32> image, IReadOnlyList<string> phrases, float boxThreshold, CancellationToken cancellationToken)
    {
        var (inputs, phraseTokens) = Prepare(image, phrases);
        var outputs = Session.Run(inputs, cancellationToken, ["logits", "pred_boxes"]);
        return ToBoxes(outputs["logits"], outputs["pred_boxes"], phraseTokens, image.Width, image.Height, boxThreshold);
    }

    /// <summary>The processor's resize rule (<c>get_resize_output_image_size</c> with shortest 800, longest 1333).</summary>
    public static (int Width, int Height) ResizedSize(int width, int height, int shortest = ShortestEdge, int longest = LongestEdge)
    {
        double size = shortest;
        double min = Math.Min(width, height), max = Math.Max(width, height);
        if (max / min * size > longest) size = Math.Round(longest * min / max);
        if ((height <= width && height == size) || (width <= height && width == size)) return (width, height);
        return width < height
            ? ((int)size, (int)(size * height / width))
            : ((int)(size * width / height), (int)size);
    }

    /// <summary>Inputs, and the token positions that belong to phrases (preprocessing only).</summary>
    public (Dictionary<string, TensorData> Inputs, int[] PhraseTokens) Prepare(Image<Rgba32> image, IReadOnlyList<string> phrases)
    {
        if (phrases.Count == 0) throw new ArgumentException("At least one phrase is needed.", nameof(phrases));
        var text = string.Concat(phrases.Select(p => p.Trim().ToLowerInvariant().TrimEnd('.') + ". ")).TrimEnd();
        var pieces = tokenizer.Pieces(text).Take(tokenizer.MaxLength - 2).ToList();
        var ids = new long[pieces.Count + 2];
        ids[0] = tokenizer.ClsId;
        for (var i = 0; i < pieces.Count; i++) ids[i + 1] = pieces[i].Id;
        ids[^1] = tokenizer.SepId;
        var phraseTokens = Enumerable.Range(1, pieces.Count).Where(i => pieces[i - 1].Piece != ".").ToArray();

        var (w, h) = ResizedSize(image.Width, image.Height);
        var dims = Session.Input("pixel_values").Dimensions;
        var canvasH = dims.Length == 4 && dims[2] > 0 ? (int)dims[2] : h;
        var canvasW = dims.Length == 4 && dims[3] > 0 ? (int)dims[3] : w;
        if (w > canvasW || h > canvasH)
        {
            // A fixed-size export: fit inside its canvas, aspect kept.
            var s = Math.Min((double)canvasW / w, (double)canvasH / h);
            (w, h) = ((int)Math.Round(w * s), (int)Math.Round(h * s));
        }
        var pixels = new float[3 * canvasW * canvasH];
        ImageTensorPacker.Pack(image, preprocessing, w, h, canvasW, canvasH, pixels);
        var mask = new long[canvasW * canvasH];
        for (var y = 0; y < h; y++) mask.AsSpan(y * canvasW, w).Fill(1);

        var inputs = new Dictionary<string, TensorData>
        {
            ["pixel_values"] = TensorData.FromFloats(pixels, 1, 3, canvasH, canvasW),
            ["pixel_mask"] = TensorData.FromInt64s(mask, 1, canvasH, canvasW),
            ["input_ids"] = TensorData.FromInt64s(ids, 1, ids.Length),
            ["token_type_ids"] = TensorData.FromInt64s(new long[ids.Length], 1, ids.Length),
            ["attention_mask"] = TensorData.FromInt64s(Enumerable.Repeat(1L, ids.Length).ToArray(), 1, ids.Length),
        };
        return (inputs, phraseTokens);
    }

    /// <summary><c>logits [1, Q, 256]</c> and <c>pred_boxes [1, Q, 4]</c> (cx, cy, w, h in [0,1]) → boxes in pixels.</summary>
    public static IReadOnlyList<DetectedBox> ToBoxes(TensorData logits, TensorData boxes, int[] phraseTokens, int width, int height, float boxThreshold)
    {
        var queries = (int)logits.Shape[^2];
        var tokens = (int)logits.Shape[^1];
        var l = logits.AsFloats();
        var b = boxes.AsFloats();
        var found = new List<DetectedBox>();
        for (var q = 0; q < queries; q++)
        {
            var best = float.NegativeInfinity;
            foreach (var t in phraseTokens)
                if (t < tokens) best = Math.Max(best, l[q * tokens + t]);
            var score = 1f / (1f + MathF.Exp(-best));
            if (!(score > boxThreshold)) continue;
            var (cx, cy, bw, bh) = (b[q * 4], b[q * 4 + 1], b[q * 4 + 2], b[q * 4 + 3]);
            found.Add(new DetectedBox(
                Math.Clamp((cx - bw / 2) * width, 0, width),
                Math.Clamp((cy - bh / 2) * height, 0, height),
                Math.Clamp((cx + bw / 2) * width, 0, width),
                Math.Clamp((cy + bh / 2) * height, 0, height),
                score));
        }
        return found.OrderByDescending(d => d.Score).ToList();
    }

    public void Dispose() => Session.Dispose();
}
