using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Regions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Worker;

/// <summary>
/// Calls the GPU worker by blob reference. Region and info calls retry transient failures (408, 429, 5xx,
/// attempt timeout, connection failure) with exponential backoff and jitter, honouring <c>Retry-After</c>.
/// Generation calls make one attempt: they run inside the orchestration's generation activity, whose Durable
/// retry policy is their one retry layer (a retry writes the same sample name), so a transient failure comes
/// back at once as a transient <see cref="WorkerCallException"/> for that policy to retry. Any other 4xx is
/// permanent and comes back as the domain's exception where there is one (<see cref="InvalidImageException"/>,
/// <see cref="RegionNotFoundException"/>), else as a non-transient <see cref="WorkerCallException"/>. The
/// caller's token cancels the call and the wait.
/// </summary>
public sealed partial class WorkerClient(HttpClient http, IOptions<WorkerClientOptions> options, ILogger<WorkerClient> logger)
{
    private readonly WorkerClientOptions settings = options.Value;

    public Task<RegionWorkResponse> SegmentAsync(SegmentWorkRequest request, CancellationToken cancellationToken) =>
        PostAsync<SegmentWorkRequest, RegionWorkResponse>("v1/segment", request, cancellationToken);

    public Task<RegionWorkResponse> ForegroundAsync(ForegroundWorkRequest request, CancellationToken cancellationToken) =>
        PostAsync<ForegroundWorkRequest, RegionWorkResponse>("v1/foreground", request, cancellationToken);

    /// <summary>One sample of a task, by reference to the task's blobs; one attempt (see the class summary).</summary>
    public Task<GenerateWorkResponse> GenerateAsync(GenerateWorkRequest request, CancellationToken cancellationToken) =>
        PostAsync<GenerateWorkRequest, GenerateWorkResponse>("v1/generate", request, maxAttempts: 1, cancellationToken);

    /// <summary>Samples of staged pixels; one attempt, as every generation call.</summary>
    public Task<DiffuseWorkResponse> DiffuseAsync(DiffuseWorkRequest request, CancellationToken cancellationToken) =>
        PostAsync<DiffuseWorkRequest, DiffuseWorkResponse>("v1/diffuse", request, maxAttempts: 1, cancellationToken);

    public Task<WorkerInfo> InfoAsync(CancellationToken cancellationToken) =>
        SendAsync<WorkerInfo>(() => new HttpRequestMessage(HttpMethod.Get, "v1/info"), settings.MaxAttempts, cancellationToken);

    private Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest body, CancellationToken cancellationToken) =>
        PostAsync<TRequest, TResponse>(path, body, settings.MaxAttempts, cancellationToken);

    private Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest body, int maxAttempts, CancellationToken cancellationToken) =>
        SendAsync<TResponse>(
            () => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: WorkerJson.Options) },
            maxAttempts,
            cancellationToken);

    private async Task<TResponse> SendAsync<TResponse>(Func<HttpRequestMessage> createRequest, int maxAttempts, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            WorkerCallException failure;
            TimeSpan? retryAfter = null;
            using var request = createRequest();
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(settings.AttemptTimeout);
            try
            {
                using var response = await http.SendAsync(request, attemptTimeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync<TResponse>(WorkerJson.Options, attemptTimeout.Token)
                        ?? throw new WorkerCallException($"{request.RequestUri} answered {(int)response.StatusCode} with no body", response.StatusCode, null, isTransient: false);
                }

                var problem = await WorkerProblem.ReadAsync(response, attemptTimeout.Token);
                if (!IsTransient(response.StatusCode))
                    throw problem.ToException(request.RequestUri, response.StatusCode);
                failure = new WorkerCallException(problem.Describe(request.RequestUri, response.StatusCode), response.StatusCode, problem.Type, isTransient: true);
                retryAfter = RetryAfter(response);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = new WorkerCallException($"{request.RequestUri} did not answer within {settings.AttemptTimeout}", null, null, isTransient: true, e);
            }
            catch (HttpRequestException e)
            {
                failure = new WorkerCallException($"{request.RequestUri} could not be reached: {e.Message}", e.StatusCode, null, isTransient: true, e);
            }

            if (attempt >= maxAttempts)
                throw failure;
            var delay = Backoff(attempt, retryAfter);
            LogRetry(request.RequestUri, attempt, delay, failure.Message);
            await Task.Delay(delay, cancellationToken);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow;
        return null;
    }

    /// <summary>Exponential backoff with jitter in [½, 1] of the step; a server's <c>Retry-After</c> wins when longer.
    /// Both are capped by <see cref="WorkerClientOptions.MaxDelay"/>.</summary>
    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var step = settings.BaseDelay * Math.Pow(2, Math.Min(attempt - 1, 20));
        var jittered = step * (0.5 + Random.Shared.NextDouble() / 2);
        var delay = retryAfter is { } server && server > jittered ? server : jittered;
        return delay > settings.MaxDelay ? settings.MaxDelay : delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker call {Uri} failed (attempt {Attempt}); retrying in {Delay}: {Reason}")]
    private partial void LogRetry(Uri? uri, int attempt, TimeSpan delay, string reason);

    /// <summary>The fields of a worker problem body that the client acts on.</summary>
    private sealed record WorkerProblem(string? Type, string? Title, string? Detail, string? Field, string? Prompt)
    {
        public static async Task<WorkerProblem> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            try
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (string.IsNullOrWhiteSpace(body)) return new(null, response.ReasonPhrase, null, null, null);
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                return new(Read(root, "type"), Read(root, "title"), Read(root, "detail"), Read(root, "field"), Read(root, "prompt"));
            }
            catch (JsonException)
            {
                return new(null, response.ReasonPhrase, null, null, null);
            }
        }

        public string Describe(Uri? uri, HttpStatusCode status) =>
            $"{uri} answered {(int)status} {Title}{(Detail is null ? "" : ": " + Detail)}";

        public Exception ToException(Uri? uri, HttpStatusCode status) => Type switch
        {
            WorkerProblemTypes.InvalidImage => new InvalidImageException(Field ?? "image", Detail ?? Title ?? "invalid image"),
            WorkerProblemTypes.RegionNotFound when Prompt is not null => new RegionNotFoundException(Prompt),
            _ => new WorkerRefusedException($"the GPU worker refused the request: {(int)status} {Title}{(Detail is null ? "" : ": " + Detail)}", status, Type),
        };

        private static string? Read(JsonElement root, string name) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
    }
}
