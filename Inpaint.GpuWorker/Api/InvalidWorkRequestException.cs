namespace Inpaint.GpuWorker.Api;

/// <summary>A request field out of range or missing; answered with 400 naming <see cref="Field"/> and the limit.</summary>
public sealed class InvalidWorkRequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
