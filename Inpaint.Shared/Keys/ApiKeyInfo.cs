namespace Inpaint.Shared.Keys;

/// <summary>What can be shown about a key: never the key itself, which is not stored.</summary>
public sealed record ApiKeyInfo(string KeyId, string User, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
