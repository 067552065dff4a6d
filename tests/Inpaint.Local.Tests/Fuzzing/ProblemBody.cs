using System.Text;
using System.Text.Json;

namespace Inpaint.Local.Tests.Fuzzing;

/// <summary>What every refusal must be: an <c>application/problem+json</c> object with type, title, status and detail.</summary>
public static class ProblemBody
{
    /// <summary>Null when <paramref name="body"/> is a complete problem for <paramref name="status"/>, else what is wrong.</summary>
    public static string? Check(int status, string? contentType, byte[] body)
    {
        if (contentType is null || !contentType.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase))
            return $"Content-Type is '{contentType}', not application/problem+json";
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return $"the body is not JSON ({e.Message}): {Shorten(body)}";
        }

        if (root.ValueKind != JsonValueKind.Object) return $"the body is not an object: {Shorten(body)}";
        foreach (var member in new[] { "type", "title", "detail" })
        {
            if (!root.TryGetProperty(member, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                return $"'{member}' is missing or empty: {Shorten(body)}";
        }

        if (!Uri.TryCreate(root.GetProperty("type").GetString(), UriKind.Absolute, out _))
            return $"'type' is not an absolute URI: {Shorten(body)}";
        if (!root.TryGetProperty("status", out var s) || s.ValueKind != JsonValueKind.Number || s.GetInt32() != status)
            return $"'status' is not {status}: {Shorten(body)}";
        return null;
    }

    /// <summary>Asserts <see cref="Check"/> and returns the parsed problem.</summary>
    public static JsonElement Assert(int status, string? contentType, byte[] body, string context)
    {
        if (Check(status, contentType, body) is { } problem)
            Xunit.Assert.Fail($"{context}: answered {status} but {problem}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, int expectedStatus, string context)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Xunit.Assert.True((int)response.StatusCode == expectedStatus, $"{context}: expected {expectedStatus}, got {(int)response.StatusCode}: {Shorten(body)}");
        return Assert((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body, context);
    }

    public static string Shorten(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 600));
        return body.Length > 600 ? text + "…" : text;
    }
}
