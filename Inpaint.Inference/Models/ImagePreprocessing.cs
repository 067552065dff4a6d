using System.Text.Json.Serialization;

namespace Inpaint.Inference.Models;

/// <summary>
/// The preprocessing facts that differ between repackagings of the same network (MODELS.md §2): input size,
/// how pixels are scaled, mean/std, and whether the graph already applies the sigmoid. They belong to the
/// model's manifest, never to code.
/// </summary>
public sealed record ImagePreprocessing
{
    /// <summary>Model input width and height (e.g. 352 for CLIPSeg, 1024 for ISNet/BiRefNet/SAM).</summary>
    public int Width { get; init; } = 1024;

    public int Height { get; init; } = 1024;

    /// <summary>How 8-bit pixels become [0,1]-ish values before mean/std.</summary>
    public PixelScale Scale { get; init; } = PixelScale.Divide255;

    /// <summary>Per-channel mean in R, G, B order, applied after <see cref="Scale"/>.</summary>
    public float[] Mean { get; init; } = [0.485f, 0.456f, 0.406f];

    /// <summary>Per-channel standard deviation in R, G, B order.</summary>
    public float[] Std { get; init; } = [0.229f, 0.224f, 0.225f];

    /// <summary>True when the graph's output is already a probability; false when it is a logit to squash.</summary>
    public bool SigmoidInGraph { get; init; }

    /// <summary>Stretch the output to [0,1] by its own min and max before thresholding (rembg's postprocess).</summary>
    public bool MinMaxOutput { get; init; }

    /// <summary>ImageNet statistics, /255, no sigmoid: CLIPSeg, SAM, BiRefNet as published.</summary>
    public static ImagePreprocessing ImageNet(int size) => new() { Width = size, Height = size };
}

/// <summary>How pixel bytes are scaled before normalisation.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PixelScale>))]
public enum PixelScale
{
    /// <summary><c>px / 255</c> — the Hugging Face processors.</summary>
    Divide255,

    /// <summary><c>px / max(image)</c> — rembg's <c>normalize()</c> divides by the image's own maximum.</summary>
    DivideMax,

    /// <summary><c>px</c> unchanged (mean/std in 0..255 units, e.g. <c>(px − 128) / 256</c>).</summary>
    None,
}
