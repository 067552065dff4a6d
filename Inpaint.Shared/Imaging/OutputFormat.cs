namespace Inpaint.Shared.Imaging;

/// <summary>The encodings a result can be written in (<c>output_format</c>).</summary>
public enum OutputFormat
{
    /// <summary>Lossless; keeps the source alpha; the default.</summary>
    Png,

    /// <summary>Lossy, no alpha (transparent pixels are written with their colour channels).</summary>
    Jpeg,

    /// <summary>WebP: lossy for opaque images, lossless when there is transparency (keeps the alpha).</summary>
    Webp,
}
