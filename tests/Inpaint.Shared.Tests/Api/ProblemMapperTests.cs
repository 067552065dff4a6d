using System.Text.Json;
using Inpaint.Shared.Api;
using Inpaint.Shared.Idempotency;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inpaint.Shared.Tests.Api;

/// <summary>
/// Every exception that reaches a host is a complete problem body (type, title, status, detail); the unforeseen
/// ones are a 500 that hides their message and is logged with what is needed to fix it.
/// </summary>
public sealed class ProblemMapperTests
{
    public static IEnumerable<object[]> Known =>
    [
        [new RequestValidationException("seed", "seed must be between 0 and 2147483647"), 400],
        [new InvalidImageException("image", "image: the PNG data is truncated or corrupt"), 400],
        [new JsonException("bad"), 400],
        [new BadHttpRequestException("too large", 413), 413],
        [new BadHttpRequestException("Content-Type 'text/plain' is not accepted", 415), 415],
        [new BadHttpRequestException("Request body too slow", 408), 408],
        [new ApiKeyRejectedException(), 401],
        [new TaskNotFoundException("x"), 404],
        [new TaskFinalException("x", "completed"), 409],
        [new InsufficientCreditsException(0, 2), 402],
        [new IdempotencyConflictException(409, "still being created"), 409],
        [new IdempotencyConflictException(422, "another body"), 422],
        [new Azure.RequestFailedException(503, "busy"), 503],
    ];

    [Theory]
    [MemberData(nameof(Known))]
    public async Task Known_exceptions_are_complete_problems(Exception exception, int status)
    {
        var (http, problem, _) = await WriteAsync(exception);
        Assert.Equal(status, http.Response.StatusCode);
        Assert.StartsWith("application/problem+json", http.Response.ContentType);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(ProblemTypes.For(status), problem.GetProperty("type").GetString());
        Assert.StartsWith("https://tools.ietf.org/html/rfc", problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task The_402_problem_has_a_type_and_says_balance_and_price()
    {
        var (_, problem, _) = await WriteAsync(new InsufficientCreditsException(1, 8));
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.3", problem.GetProperty("type").GetString());
        Assert.Equal(1, problem.GetProperty("balance").GetInt64());
        Assert.Equal(8, problem.GetProperty("price").GetInt64());
    }

    [Fact]
    public async Task The_in_progress_409_tells_when_to_retry_and_the_reused_key_422_does_not()
    {
        var (inProgress, _, _) = await WriteAsync(new IdempotencyConflictException(409, "a request with this Idempotency-Key is still being created; retry shortly"));
        Assert.Equal(ProblemMapper.InProgressRetryAfterSeconds.ToString(), inProgress.Response.Headers.RetryAfter.ToString());
        var (reused, _, _) = await WriteAsync(new IdempotencyConflictException(422, "another body"));
        Assert.Equal(0, reused.Response.Headers.RetryAfter.Count);
    }

    [Fact]
    public async Task An_unforeseen_exception_is_a_500_problem_that_hides_its_message_and_is_logged_with_the_request()
    {
        var secret = "connection string AccountKey=abc";
        var (http, problem, log) = await WriteAsync(new InvalidOperationException(secret), "POST", "/v2/tasks/create");

        Assert.Equal(500, http.Response.StatusCode);
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.6.1", problem.GetProperty("type").GetString());
        var traceId = problem.GetProperty("traceId").GetString()!;
        Assert.Contains(traceId, problem.GetProperty("detail").GetString());
        Assert.DoesNotContain(secret, problem.GetRawText());

        var entry = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("System.InvalidOperationException", entry.Message);
        Assert.Contains("POST /v2/tasks/create", entry.Message);
        Assert.Contains(traceId, entry.Message);
        Assert.Same(typeof(InvalidOperationException), entry.Exception?.GetType());
    }

    [Fact]
    public async Task A_caller_that_went_away_gets_nothing_and_nothing_is_logged_as_an_error()
    {
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        var log = new ListLogger();
        var http = NewContext("GET", "/v2/tasks");
        http.RequestAborted = aborted.Token;
        Assert.True(await ProblemMapper.WriteAsync(http, new OperationCanceledException(aborted.Token), log));
        Assert.Equal(StatusCodes.Status499ClientClosedRequest, http.Response.StatusCode);
        Assert.Equal(0, http.Response.Body.Length);
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public void Every_status_has_a_type_and_a_title()
    {
        for (var status = 400; status < 600; status++)
        {
            Assert.StartsWith("https://tools.ietf.org/html/rfc", ProblemTypes.For(status));
            Assert.False(string.IsNullOrWhiteSpace(ProblemTypes.TitleFor(status)));
        }
    }

    private static DefaultHttpContext NewContext(string method, string path)
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Request.Method = method;
        http.Request.Path = path;
        http.Response.Body = new MemoryStream();
        return http;
    }

    private static async Task<(HttpContext Http, JsonElement Problem, ListLogger Log)> WriteAsync(Exception exception, string method = "GET", string path = "/v2/tasks")
    {
        var http = NewContext(method, path);
        var log = new ListLogger();
        Assert.True(await ProblemMapper.WriteAsync(http, exception, log));
        http.Response.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(http.Response.Body);
        return (http, document.RootElement.Clone(), log);
    }

    /// <summary>Keeps what is logged, formatted, so a test can read it.</summary>
    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            this.Entries.Add((logLevel, formatter(state, exception), exception));
    }
}
