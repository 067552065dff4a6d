using System.Text.Json;
using Inpaint.Shared.Validation;
using Microsoft.AspNetCore.Http;

namespace Inpaint.Shared.Api;

/// <summary>Reads request bodies with a byte limit, so no host depends on its own defaults for safety.</summary>
public static class RequestBody
{
    public static async Task<T?> ReadJsonAsync<T>(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var bytes = await ReadBytesAsync(request, maxBytes, cancellationToken);
        if (bytes.Length == 0)
            throw new RequestValidationException("body", "the body is empty; send a JSON object");
        return JsonSerializer.Deserialize<T>(bytes);
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

    private static BadHttpRequestException TooLarge(long maxBytes) =>
        new($"the request body is larger than the limit of {maxBytes} bytes", StatusCodes.Status413PayloadTooLarge);
}
