namespace Inpaint.Shared.Keys;

/// <summary>Missing, unknown or revoked API key. One message for all three, so keys cannot be probed.</summary>
public sealed class ApiKeyRejectedException() : Exception("a valid X-Api-Key header is required");
