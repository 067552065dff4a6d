namespace Inpaint.Shared.Idempotency;

/// <summary>What claiming a key found: go ahead and create <see cref="TaskId"/>, or answer with an existing task.</summary>
public sealed record IdempotencyClaim(bool IsNew, string TaskId);
