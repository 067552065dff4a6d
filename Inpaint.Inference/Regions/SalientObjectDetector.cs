using Inpaint.Inference.Models;
using Inpaint.Inference.Postprocessing;
using Inpaint.Inference.Preprocessing;
using Inpaint.Inference.Sessions;
using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Regions;

/// <summary>
/// Foreground mask from a salient-object export (ISNet, BiRefNet, U²-Net). Like rembg, the tensor names are
/// not assumed: the first declared input is fed and the first output read. Size, pixel scale, mean/std, and
/// whether the graph already applies the sigmoid come from the manifest (MODELS.md §2). The result is soft
/// (the model's probability), at the image's size.
/// </summary>
public sealed class SalientObjectDetector(ModelSession session, ImagePreprocessing preprocessing) : IDisposable
{
    public ModelSession Session { get; } = session;

    public ImagePreprocessing Preprocessing { get; } = preprocessing;

    public static SalientObjectDetector Load(ModelStore store, string name, ModelSessionOptions options, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        var manifest = store.Require(name);
        var session = ModelSession.Load(store.PathOf(manifest, ModelRoles.Model), options, logger);
        return new SalientObjectDetector(session, manifest.Preprocessing ?? ImagePreprocessing.ImageNet(1024));
    }

    public MaskPlane Detect(Image<Rgba32> image, CancellationToken cancellationToken)
    {
        var inputs = Prepare(image);
        var output = Session.Run(inputs, cancellationToken, [Session.Outputs[0].Name]);
        return ToMask(output[Session.Outputs[0].Name], Preprocessing, image.Width, image.Height);
    }

    public Dictionary<string, TensorData> Prepare(Image<Rgba32> image)
    {
        var input = Session.Inputs[0].Name;
        var (w, h) = ClipSegSegmenter.InputSize(Session, input, Preprocessing);
        var pixels = new float[3 * w * h];
        ImageTensorPacker.Pack(image, Preprocessing, w, h, pixels);
        return new Dictionary<string, TensorData> { [input] = TensorData.FromFloats(pixels, 1, 3, h, w) };
    }

    /// <summary><c>[1, 1, h, w]</c> (or any shape ending in h, w) → soft mask at the image's size.
    /// The output's values are overwritten (sigmoid and stretch in place).</summary>
    public static MaskPlane ToMask(TensorData output, ImagePreprocessing preprocessing, int width, int height)
    {
        var shape = output.Shape;
        var mh = (int)shape[^2];
        var mw = (int)shape[^1];
        var map = output.AsFloats().AsMemory(0, mw * mh);
        if (!preprocessing.SigmoidInGraph) MaskResampler.Sigmoid(map.Span);
        if (preprocessing.MinMaxOutput) MaskResampler.MinMax(map.Span);
        return MaskResampler.Bilinear(map, mw, mh, width, height, threshold: null);
    }

    public void Dispose() => Session.Dispose();
}
