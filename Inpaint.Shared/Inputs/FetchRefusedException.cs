namespace Inpaint.Shared.Inputs;

/// <summary>A URL that the service will not or could not fetch; the reason is safe to show the caller.</summary>
public sealed class FetchRefusedException(string reason) : Exception(reason);
