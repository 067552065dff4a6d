using BenchmarkDotNet.Attributes;
using Inpaint.Inference.Models;
using Inpaint.Inference.Preprocessing;
using Inpaint.Inference.Regions;
using Inpaint.Inference.Sessions;
using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Bench;

/// <summary>
/// Region selection's own work per call, model excluded: building the input tensor from the image
/// (resize + normalise into NCHW) and turning the model's output into a mask at the image's size.
/// One "call" is what one request costs around the model: CLIPSeg with two phrases, the salient-object
/// model (1024² in and out), SAM 2.1's encoder input and one box's mask.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[ShortRunJob]
public class RegionPrePostBench
{
    private Image<Rgba32> _image = null!;
    private float[] _clipSegInput = null!;
    private float[] _salientInput = null!;
    private TensorData _clipSegLogits = null!;
    private TensorData _salientOutput = null!;
    private TensorData _iou = null!;
    private TensorData _samMasks = null!;
    private static readonly ImagePreprocessing ClipSeg = ImagePreprocessing.ImageNet(352);
    private static readonly ImagePreprocessing IsNet = KnownModels.Find(KnownModels.IsNet)!.Preprocessing!;
    private static readonly ImagePreprocessing BiRefNet = ImagePreprocessing.ImageNet(1024);

    [Params(1024, 1536)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // A photo-like image: smooth gradients plus noise, so nothing is trivially constant.
        var random = new Random(1);
        _image = new Image<Rgba32>(Size, Size);
        _image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                    row[x] = new Rgba32((byte)(x * 255 / Size), (byte)(y * 255 / Size), (byte)random.Next(256));
            }
        });
        _clipSegInput = new float[3 * 352 * 352];
        _salientInput = new float[3 * 1024 * 1024];
        _clipSegLogits = TensorData.FromFloats(Noise(random, 2 * 352 * 352, 4f), 2, 352, 352);
        _salientOutput = TensorData.FromFloats(Noise(random, 1024 * 1024, 4f), 1, 1, 1024, 1024);
        _iou = TensorData.FromFloats([0.2f, 0.9f, 0.4f], 1, 1, 3);
        _samMasks = TensorData.FromFloats(Noise(random, 3 * 256 * 256, 4f), 1, 1, 3, 256, 256);
    }

    [GlobalCleanup]
    public void Cleanup() => _image.Dispose();

    private static float[] Noise(Random random, int n, float scale)
    {
        var v = new float[n];
        for (var i = 0; i < n; i++) v[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        return v;
    }

    [Benchmark(Description = "CLIPSeg pre (→352²)")]
    public void ClipSegPre() => ImageTensorPacker.Pack(_image, ClipSeg, 352, 352, _clipSegInput);

    [Benchmark(Description = "CLIPSeg post (2 phrases → mask)")]
    public MaskPlane ClipSegPost() => ClipSegSegmenter.ToMask(_clipSegLogits, Size, Size, 0.4f);

    [Benchmark(Description = "CLIPSeg call (pre + post)")]
    public MaskPlane ClipSegCall()
    {
        ImageTensorPacker.Pack(_image, ClipSeg, 352, 352, _clipSegInput);
        return ClipSegSegmenter.ToMask(_clipSegLogits, Size, Size, 0.4f);
    }

    [Benchmark(Description = "Salient pre (→1024², ÷max)")]
    public void SalientPre() => ImageTensorPacker.Pack(_image, IsNet, 1024, 1024, _salientInput);

    [Benchmark(Description = "Salient post (1024² → mask)")]
    public MaskPlane SalientPost() => SalientObjectDetector.ToMask(_salientOutput, BiRefNet, Size, Size);

    [Benchmark(Description = "Salient call (pre + post)")]
    public MaskPlane SalientCall()
    {
        ImageTensorPacker.Pack(_image, IsNet, 1024, 1024, _salientInput);
        return SalientObjectDetector.ToMask(_salientOutput, BiRefNet, Size, Size);
    }

    [Benchmark(Description = "SAM 2.1 call (pre + 1 box post)")]
    public MaskPlane Sam2Call()
    {
        ImageTensorPacker.Pack(_image, BiRefNet, 1024, 1024, _salientInput);
        return Sam2Segmenter.BestMask(_iou, _samMasks, Size, Size);
    }
}
