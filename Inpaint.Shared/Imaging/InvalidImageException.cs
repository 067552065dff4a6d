namespace Inpaint.Shared.Imaging;

/// <summary>
/// An input image (or mask) that cannot be used: wrong format, corrupt, too large, empty.
/// Hosts map it to a 400 problem naming <see cref="Field"/>; inside an orchestration it is a permanent failure.
/// </summary>
public sealed class InvalidImageException(string field, string message) : Exception(message)
{
    /// <summary>The request field the image came from (<c>image</c> or <c>mask_image</c>).</summary>
    public string Field { get; } = field;
}
