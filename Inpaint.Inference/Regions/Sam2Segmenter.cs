using Inpaint.Inference.Models;
using Inpaint.Inference.Postprocessing;
using Inpaint.Inference.Preprocessing;
using Inpaint.Inference.Sessions;
using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Regions;

/// <summary>
/// Boxes → masks with SAM 2.1 (onnx-community export, MODELS.md §3): the image squashed to 1024² for the
/// vision encoder (once per image), then the prompt decoder once per box with no points
/// (<c>input_points [1,1,0,2]</c>, <c>input_labels [1,1,0]</c> int64) and the box scaled by 1024/W, 1024/H;
/// of the three masks the one with the best IoU score, bilinear to the image's size, <c>&gt; 0</c>; united.
/// </summary>
public sealed class Sam2Segmenter(ModelSession encoder, ModelSession decoder, ImagePreprocessing preprocessing) : IDisposable
{
    public ModelSession Encoder { get; } = encoder;

    public ModelSession Decoder { get; } = decoder;

    public static Sam2Segmenter Load(ModelStore store, string name, ModelSessionOptions options, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        var manifest = store.Require(name);
        var encoder = ModelSession.Load(store.PathOf(manifest, ModelRoles.Encoder), options, logger);
        var decoder = ModelSession.Load(store.PathOf(manifest, ModelRoles.Decoder), options, logger);
        return new Sam2Segmenter(encoder, decoder, manifest.Preprocessing ?? ImagePreprocessing.ImageNet(1024));
    }

    public MaskPlane Segment(Image<Rgba32> image, IReadOnlyList<DetectedBox> boxes, CancellationToken cancellationToken)
    {
        var (w, h) = ClipSegSegmenter.InputSize(Encoder, "pixel_values", preprocessing);
        var pixels = new float[3 * w * h];
        ImageTensorPacker.Pack(image, preprocessing, w, h, pixels);
        var embeddings = Encoder.Run(new Dictionary<string, TensorData> { ["pixel_values"] = TensorData.FromFloats(pixels, 1, 3, h, w) }, cancellationToken);

        var union = new MaskPlane(image.Width, image.Height);
        foreach (var box in boxes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inputs = new Dictionary<string, TensorData>(embeddings.Values)
            {
                ["input_points"] = TensorData.FromFloats([], 1, 1, 0, 2),
                ["input_labels"] = TensorData.FromInt64s([], 1, 1, 0),
                ["input_boxes"] = TensorData.FromFloats(ScaleBox(box, image.Width, image.Height, w, h), 1, 1, 4),
            };
            var outputs = Decoder.Run(inputs, cancellationToken, ["iou_scores", "pred_masks"]);
            var mask = BestMask(outputs["iou_scores"], outputs["pred_masks"], image.Width, image.Height);
            var u = union.Data;
            var m = mask.Data;
            for (var i = 0; i < u.Length; i++) u[i] = Math.Max(u[i], m[i]);
        }
        return union;
    }

    /// <summary>Image pixels → the encoder's squashed input grid (1024/W, 1024/H per axis).</summary>
    public static float[] ScaleBox(DetectedBox box, int imageWidth, int imageHeight, int inputWidth, int inputHeight)
    {
        var sx = (float)inputWidth / imageWidth;
        var sy = (float)inputHeight / imageHeight;
        return [box.X1 * sx, box.Y1 * sy, box.X2 * sx, box.Y2 * sy];
    }

    /// <summary><c>iou_scores [1,1,K]</c>, <c>pred_masks [1,1,K,h,w]</c> logits → the best-scoring mask, binarised at 0.</summary>
    public static MaskPlane BestMask(TensorData iouScores, TensorData predMasks, int width, int height)
    {
        var scores = iouScores.AsFloats();
        var best = 0;
        for (var k = 1; k < scores.Length; k++)
            if (scores[k] > scores[best]) best = k;
        var mh = (int)predMasks.Shape[^2];
        var mw = (int)predMasks.Shape[^1];
        var plane = predMasks.AsFloats().AsMemory(best * mw * mh, mw * mh);
        return MaskResampler.Bilinear(plane, mw, mh, width, height, threshold: 0f);
    }

    public void Dispose()
    {
        Encoder.Dispose();
        Decoder.Dispose();
    }
}
