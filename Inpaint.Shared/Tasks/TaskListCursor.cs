using System.Text;
using Inpaint.Shared.Validation;

namespace Inpaint.Shared.Tasks;

/// <summary>
/// The opaque <c>cursor</c> of <c>GET /v2/tasks</c>: the table's continuation (<c>"{next partition} {next row}"</c>)
/// behind a version mark, base64url-encoded. Anything that is not one of ours is a 400 naming <c>cursor</c>:
/// handed to the table, a made-up value (<c>cursor=garbage</c>) silently gave the first page again.
/// A forged cursor can only point into the caller's own tasks (the query is scoped to the caller).
/// </summary>
public static class TaskListCursor
{
    private const string Mark = "c1:";

    public static string? Encode(string? continuation) =>
        continuation is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(Mark + continuation)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        string text;
        try
        {
            if (cursor.Length > 2048) throw new FormatException();
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(b64));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            throw NotOurs();
        }

        if (!text.StartsWith(Mark, StringComparison.Ordinal)) throw NotOurs();
        var continuation = text[Mark.Length..];
        if (continuation.IndexOf(' ') <= 0 || continuation.Any(char.IsControl)) throw NotOurs();
        return continuation;
    }

    internal static RequestValidationException NotOurs() =>
        new("cursor", "cursor is not one this API returned; pass the nextCursor of the previous page, or none for the first");
}
