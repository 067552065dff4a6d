namespace Inpaint.Shared.Idempotency;

/// <summary>
/// The key was used for a different body (422), or its first request is still being created (409).
/// </summary>
public sealed class IdempotencyConflictException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
