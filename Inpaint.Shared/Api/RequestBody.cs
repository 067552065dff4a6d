using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Inpaint.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Inpaint.Shared.Api;

/// <summary>
/// Reads request bodies with a byte limit (so no host depends on its own defaults for safety) and JSON strictly:
/// a JSON media type (or none), UTF-8, no duplicate names anywhere (the last would silently win: a body with
/// <c>"n_samples":1,"n_samples":4</c> ran 4 and charged 8), and member names exactly as documented
/// (<c>"Tool"</c> is refused, naming it). Every refusal names the field and is a 4xx problem.
/// </summary>
public static class RequestBody
{
    private static readonly JsonSerializerOptions Strict = new()
    {
        AllowDuplicateProperties = false,
        PropertyNameCaseInsensitive = false,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static async Task<T?> ReadJsonAsync<T>(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        RequireJson(request);
        var bytes = await ReadBytesAsync(request, maxBytes, cancellationToken);
        ReadOnlySpan<byte> json = bytes;
        if (json.StartsWith(Encoding.UTF8.Preamble)) json = json[Encoding.UTF8.Preamble.Length..];   // RFC 8259 §8.1: a parser may ignore it
        if (json.Trim(" \t\r\n"u8).IsEmpty)
            throw new RequestValidationException("body", "the body is empty; send a JSON object");
        try
        {
            return JsonSerializer.Deserialize<T>(json, Strict);
        }
        catch (JsonException e)
        {
            throw Describe(json, e, (JsonTypeInfo<T>)Strict.GetTypeInfo(typeof(T)));
        }
    }

    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
            throw TooLarge(maxBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>413 naming the limit.</summary>
    public static BadHttpRequestException TooLarge(long maxBytes) =>
        new($"the request body is larger than the limit of {maxBytes} bytes", StatusCodes.Status413PayloadTooLarge);

    /// <summary>
    /// A JSON endpoint takes <c>application/json</c> (or any <c>+json</c> type, or no Content-Type at all) in
    /// UTF-8; <c>text/plain</c>, a form or an image is a 415 that says what to send.
    /// </summary>
    private static void RequireJson(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.ContentType)) return;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.MediaType.Value is not { } media
            || !(media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            throw new BadHttpRequestException(
                $"Content-Type '{Shorten(request.ContentType)}' is not accepted here; send the body as application/json",
                StatusCodes.Status415UnsupportedMediaType);
        if (type.Charset.Value is { Length: > 0 } charset
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase))
            throw new BadHttpRequestException(
                $"charset '{Shorten(charset)}' is not accepted; send the JSON body in UTF-8", StatusCodes.Status415UnsupportedMediaType);
    }

    /// <summary>Turns the serializer's refusal into a field error: the duplicated name, the unknown member, the mistyped field, or the syntax error's place.</summary>
    private static RequestValidationException Describe<T>(ReadOnlySpan<byte> json, JsonException e, JsonTypeInfo<T> type)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
            return new RequestValidationException("body", "the body is not valid UTF-8; send the JSON body in UTF-8");

        if (JsonNames.FirstProblem(json) is { } problem)
            return new RequestValidationException(problem.Field, problem.Message);

        var members = type.Properties.Select(p => p.Name).ToArray();
        if (TopLevelName(e.Path) is { } name)
        {
            if (!members.Contains(name, StringComparer.Ordinal))
            {
                var near = members.FirstOrDefault(m => m.Equals(name, StringComparison.OrdinalIgnoreCase));
                return new RequestValidationException(name, near is null
                    ? $"'{Shorten(name)}' is not a field of this body; its fields are {string.Join(", ", members)}"
                    : $"'{Shorten(name)}' is not a field of this body; names are case-sensitive: did you mean '{near}'?");
            }

            // A syntax error is the reader's (a subtype, or wrapped as the inner exception when the serializer adds
            // the path); the serializer's own "could not be converted" has no inner exception; a string with a
            // lone surrogate escape fails to unescape (InvalidOperationException inside).
            if (e.GetType() == typeof(JsonException) && e.InnerException is InvalidOperationException && IsString(json, name))
                return new RequestValidationException(name, $"{name} is not valid text (it holds a lone UTF-16 surrogate escape)");
            if (e.GetType() == typeof(JsonException) && e.InnerException is null or InvalidOperationException)
            {
                var property = type.Properties.First(p => p.Name == name);
                return new RequestValidationException(name, $"{name} must be {Describe(property.PropertyType)}");
            }
        }

        var where = e.LineNumber is { } line && e.BytePositionInLine is { } column ? $" (line {line + 1}, byte {column + 1})" : "";
        return new RequestValidationException("body", $"the body is not valid JSON{where}: {FirstSentence(e.Message)}");
    }

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "a string";
        if (type == typeof(JsonElement)) return "a JSON value";
        if (type == typeof(int) || type == typeof(long)) return "an integer";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return "a number";
        if (type == typeof(bool)) return "true or false";
        return "a JSON object";
    }

    /// <summary>Whether the top-level member <paramref name="name"/> holds a JSON string.</summary>
    private static bool IsString(ReadOnlySpan<byte> json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.EnumerateObject().Any(p => p.NameEquals(name) && p.Value.ValueKind == JsonValueKind.String);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary><c>$.Tool</c> or <c>$['odd name']</c> → the member name; null for the root or anything deeper.</summary>
    private static string? TopLevelName(string? path)
    {
        if (path is null || path.Length < 3 || path[0] != '$') return null;
        if (path[1] == '.' && path.IndexOfAny(['.', '['], 2) < 0) return path[2..];
        if (path.StartsWith("$['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal) && path.IndexOf("']", StringComparison.Ordinal) == path.Length - 2)
            return path[3..^2];
        return null;
    }

    private static string FirstSentence(string message)
    {
        var pathAt = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return pathAt > 0 ? message[..pathAt] : message;
    }

    private static string Shorten(string s) => JsonNames.Shorten(s);
}
