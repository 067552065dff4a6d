using System.Text.Json;

namespace Inpaint.Shared.Api;

/// <summary>
/// Finds the first member name the serializer refuses and names it for the problem body: a name an object repeats
/// (compared unescaped, so <c>"n\u005fsamples"</c> repeats <c>"n_samples"</c>), or a name that is not text (a lone
/// UTF-16 surrogate escape such as <c>"\ud800"</c>, valid JSON that no string can hold). Runs on the error path alone.
/// </summary>
internal static class JsonNames
{
    /// <param name="Field">The field a problem names: a repeated name itself (arguments are reported by name, wherever
    /// they sit); for an unreadable name, the object holding it (<c>args</c>), or <c>body</c> at the root.</param>
    public sealed record Problem(string Field, string Message);

    public static Problem? FirstProblem(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var scopes = new Stack<(HashSet<string>? Names, string? Path)>();
        string? name = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var parent = scopes.Count == 0 ? null : scopes.Peek().Path;
                        var path = name is null ? parent : parent is null ? name : $"{parent}.{name}";
                        scopes.Push((reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null, path));
                        name = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        scopes.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var scope = scopes.Peek();
                        if (!TryName(ref reader, out name))
                            return new Problem(scope.Path ?? "body",
                                $"a member name{(scope.Path is { } p ? $" in {p}" : "")} is not valid text (it holds a lone UTF-16 surrogate escape)");
                        if (!scope.Names!.Add(name))
                            return new Problem(name, $"'{Shorten(name)}' appears more than once{(scope.Path is { } q ? $" in {q}" : "")}; send each name once");
                        break;
                    default:
                        name = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not well-formed: the caller reports the syntax error instead.
        }

        return null;
    }

    private static bool TryName(ref Utf8JsonReader reader, out string name)
    {
        try
        {
            name = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    public static string Shorten(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
