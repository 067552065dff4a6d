using System.Security.Cryptography;

namespace Inpaint.Shared.Tasks;

/// <summary>
/// Task ids that sort newest first as table row keys: 16 hex digits of (max − creation ticks), then 8 random
/// hex digits. Listing a user's partition in key order is then listing their tasks newest first.
/// </summary>
public static class TaskIds
{
    public static string New(DateTimeOffset createdAt) =>
        (long.MaxValue - createdAt.UtcTicks).ToString("x16") + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public static bool IsWellFormed(string id) =>
        id.Length == 24 && id.All(char.IsAsciiHexDigitLower);
}
