using System.Globalization;
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
using Microsoft.Extensions.Logging;

namespace Inpaint.Shared.Api;

/// <summary>
/// The one place where exceptions become RFC 7807 problems; every host writes its errors through it
/// (<see cref="ApiExceptionHandler"/> on ASP.NET Core, <c>ApiCall</c> on Azure Functions). Domain exceptions
/// get their own status and the field they concern; anything else, an exception nobody foresaw, is a 500
/// problem that names a trace id and is logged with the request and the stack, so the body says nothing
/// internal and the log says everything.
/// </summary>
public static class ProblemMapper
{
    /// <summary>Retry-After of a 503 answered while storage is unavailable.</summary>
    public const int UnavailableRetryAfterSeconds = 5;

    /// <summary>Retry-After of the 409 answered while the first request with the same Idempotency-Key is still being created.</summary>
    public const int InProgressRetryAfterSeconds = 1;

    /// <summary>The problem for a known exception (complete: type, title, status, detail); null for any other.</summary>
    public static ProblemDetails? Map(Exception exception) => Known(exception) is { } problem ? Complete(problem) : null;

    /// <summary>The 500 answered for an exception that no mapping knows; it names the trace id the log line carries.</summary>
    public static ProblemDetails Unexpected(string traceId) => Complete(new ProblemDetails
    {
        Status = StatusCodes.Status500InternalServerError,
        Title = "Internal server error",
        Detail = $"the server failed on this request; it was logged with trace id {traceId}",
        Extensions = { ["traceId"] = traceId },
    });

    /// <summary>Fills what a problem lacks from its status, so every problem has type, title, status and detail.</summary>
    public static ProblemDetails Complete(ProblemDetails problem)
    {
        var status = problem.Status ??= StatusCodes.Status500InternalServerError;
        problem.Type ??= ProblemTypes.For(status);
        problem.Title ??= ProblemTypes.TitleFor(status);
        problem.Detail ??= problem.Title;
        return problem;
    }

    /// <summary>Writes the problem for a known exception; false (nothing written) for any other.</summary>
    public static async Task<bool> TryWriteAsync(HttpContext http, Exception exception)
    {
        if (Map(exception) is not { } problem) return false;
        await WriteProblemAsync(http, problem, exception);
        return true;
    }

    /// <summary>
    /// Answers any exception: its problem when it is known, else a logged 500 problem. A caller that went away
    /// gets nothing (status 499, as the hosts' own middleware does). False when the response had already
    /// started and nothing more can be written.
    /// </summary>
    /// <param name="endpoint">The endpoint that failed, for the log (the exception handler has already cleared it from the context).</param>
    public static async Task<bool> WriteAsync(HttpContext http, Exception exception, ILogger logger, string? endpoint = null)
    {
        if (http.RequestAborted.IsCancellationRequested)
        {
            // The caller is gone (it closed the connection, or stopped sending its body): whatever failed after
            // that failed because of it, and no answer can reach it.
            logger.LogInformation("{Method} {Path}: the caller went away ({ExceptionType}: {Message})",
                http.Request.Method, http.Request.Path.Value, exception.GetType().Name, exception.Message);
            if (!http.Response.HasStarted) http.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }

        var problem = Map(exception);
        if (problem is null)
        {
            var traceId = System.Diagnostics.Activity.Current?.Id ?? http.TraceIdentifier;
            logger.LogError(exception, "Unhandled {ExceptionType} answering {Method} {Path}{Query} (endpoint {Endpoint}, trace id {TraceId})",
                exception.GetType().FullName, http.Request.Method, http.Request.Path.Value, http.Request.QueryString.Value,
                endpoint ?? http.GetEndpoint()?.DisplayName ?? "none", traceId);
            problem = Unexpected(traceId);
        }

        if (http.Response.HasStarted)
        {
            logger.LogWarning("Could not answer {Status} to {Method} {Path}: the response had already started", problem.Status, http.Request.Method, http.Request.Path.Value);
            return false;
        }

        await WriteProblemAsync(http, problem, exception);
        return true;
    }

    private static async Task WriteProblemAsync(HttpContext http, ProblemDetails problem, Exception exception)
    {
        http.Response.Clear();
        http.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status401Unauthorized)
            http.Response.Headers.WWWAuthenticate = ApiKeyAuthenticator.HeaderName;
        if (RetryAfterSeconds(exception, problem.Status.Value) is { } seconds)
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(problem).ExecuteAsync(http);
    }

    private static int? RetryAfterSeconds(Exception exception, int status) => status switch
    {
        StatusCodes.Status503ServiceUnavailable => UnavailableRetryAfterSeconds,
        StatusCodes.Status409Conflict when exception is IdempotencyConflictException => InProgressRetryAfterSeconds,
        _ => null,
    };

    private static ProblemDetails? Known(Exception exception) => exception switch
    {
        RequestValidationException e => Validation(e.Errors, e.Message),
        InvalidImageException e => Validation(new Dictionary<string, string[]> { [e.Field] = [e.Message] }, e.Message),
        // RequestBody turns the serializer's errors into field errors; this is the net for any other JSON read.
        JsonException e => Validation(new Dictionary<string, string[]> { ["body"] = [$"the body is not valid JSON ({e.Message})"] }, "the body is not valid JSON"),
        // Kestrel's and ASP.NET's own refusals of a request: body over the limit (413), cut short (400), too slow (408).
        BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Detail = e.Message },
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

    private static HttpValidationProblemDetails Validation(IReadOnlyDictionary<string, string[]> errors, string detail) =>
        new(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid request",
            Detail = detail,
        };
}
