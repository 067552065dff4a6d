using System.Text.Json;
using Inpaint.Shared.Idempotency;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Inpaint.Shared.Api;

/// <summary>
/// The one place where domain exceptions become RFC 7807 problems; every host uses it. Anything it does not
/// know is left to the host (a 500 without details).
/// </summary>
public static class ProblemMapper
{
    public static ProblemDetails? Map(Exception exception) => exception switch
    {
        RequestValidationException e => Validation(e.Errors, e.Message),
        InvalidImageException e => Validation(new Dictionary<string, string[]> { [e.Field] = [e.Message] }, e.Message),
        JsonException e => Validation(new Dictionary<string, string[]> { ["body"] = [$"the body is not valid JSON ({e.Message})"] }, "the body is not valid JSON"),
        BadHttpRequestException e => new ProblemDetails
        {
            Status = e.StatusCode,
            Title = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request",
            Detail = e.Message,
        },
        ApiKeyRejectedException e => new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized", Detail = e.Message },
        TaskNotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = e.Message },
        Tools.ToolNotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = e.Message },
        Regions.RegionNotFoundException e => new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Region not found",
            Detail = e.Message,
            Extensions = { ["errors"] = new Dictionary<string, string[]> { ["masking_prompt"] = [e.Message] } },
        },
        TaskFinalException e => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Task is final", Detail = e.Message },
        InsufficientCreditsException e => new ProblemDetails
        {
            Status = StatusCodes.Status402PaymentRequired,
            Title = "Insufficient credits",
            Detail = e.Message,
            Extensions = { ["balance"] = e.Balance, ["price"] = e.Price },
        },
        IdempotencyConflictException e => new ProblemDetails
        {
            Status = e.Status,
            Title = e.Status == StatusCodes.Status422UnprocessableEntity ? "Idempotency-Key reused with another body" : "Request in progress",
            Detail = e.Message,
        },
        // Last: a storage outage is a 503 the client may retry (with Retry-After), not a 500.
        _ when StorageOutage.Is(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Service unavailable",
            Detail = $"storage is unavailable for the moment; retry in {UnavailableRetryAfterSeconds} s",
        },
        _ => null,
    };

    /// <summary>Retry-After of a 503 answered while storage is unavailable.</summary>
    public const int UnavailableRetryAfterSeconds = 5;

    /// <summary>Writes the problem for <paramref name="exception"/>; false when it is not a known one.</summary>
    public static async Task<bool> TryWriteAsync(HttpContext http, Exception exception)
    {
        if (Map(exception) is not { } problem) return false;
        http.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        if (problem.Status == StatusCodes.Status401Unauthorized)
            http.Response.Headers.WWWAuthenticate = ApiKeyAuthenticator.HeaderName;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            http.Response.Headers.RetryAfter = UnavailableRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await TypedResults.Problem(problem).ExecuteAsync(http);
        return true;
    }

    private static HttpValidationProblemDetails Validation(IReadOnlyDictionary<string, string[]> errors, string detail) =>
        new(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid request",
            Detail = detail,
        };
}
