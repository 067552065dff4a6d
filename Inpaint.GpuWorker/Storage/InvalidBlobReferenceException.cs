namespace Inpaint.GpuWorker.Storage;

/// <summary>A blob reference that is malformed, points outside the worker's account, or names a missing
/// blob or container. Answered with 400 naming <see cref="Field"/>.</summary>
public sealed class InvalidBlobReferenceException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
