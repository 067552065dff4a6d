using System.Text.Json;

namespace Inpaint.Shared.Api;

/// <summary>
/// Finds the first name that an object of a JSON document repeats (compared unescaped, so <c>"n\u005fsamples"</c>
/// repeats <c>"n_samples"</c>). The serializer refuses duplicates itself; this only names the culprit for the
/// problem body, so it runs on the error path alone.
/// </summary>
internal static class JsonDuplicates
{
    /// <param name="Name">The repeated name.</param>
    /// <param name="Parent">The dotted path of the object holding it (<c>args</c>), null at the root.</param>
    public sealed record Duplicate(string Name, string? Parent)
    {
        /// <summary>The field a problem names: the name itself (arguments are reported by name, wherever they sit).</summary>
        public string Field => this.Name;
    }

    public static Duplicate? Find(ReadOnlySpan<byte> json)
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
                        name = reader.GetString()!;
                        var scope = scopes.Peek();
                        if (!scope.Names!.Add(name)) return new Duplicate(name, scope.Path);
                        break;
                    default:
                        name = null;
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not well-formed (or a name with a lone surrogate escape): the caller reports the syntax error instead.
        }

        return null;
    }
}
