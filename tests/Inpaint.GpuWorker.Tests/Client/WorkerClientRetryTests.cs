using System.Diagnostics;
using System.Net;
using Azure.Core;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Inpaint.GpuWorker.Tests.Client;

/// <summary>The worker client against a real loopback server: what it retries (region and info calls), what it
/// gives up on at once, and that generation calls make one attempt (the Durable policy retries them).</summary>
public sealed class WorkerClientRetryTests
{
    private const string InfoJson = """{"version":"1","executionProvider":"CPU","models":[],"capacity":{"gpus":1,"queueLimitPerGpu":4,"maxBatchSize":4,"batchWindowMilliseconds":15,"queued":0}}""";

    private static ServiceProvider Services(Uri address, Action<Dictionary<string, string?>>? settings = null, TokenCredential? credential = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["WorkerClient:BaseAddress"] = address.ToString(),
            ["WorkerClient:ApiKey"] = "secret-key",
            ["WorkerClient:MaxAttempts"] = "4",
            ["WorkerClient:BaseDelay"] = "00:00:00.001",
            ["WorkerClient:MaxDelay"] = "00:00:05",
            ["WorkerClient:AttemptTimeout"] = "00:00:05",
        };
        settings?.Invoke(values);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build())
            .AddLogging();
        if (credential is not null) services.AddSingleton(credential);
        services.AddWorkerClient();
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Retries_429_and_503_then_returns_the_answer_with_the_key_on_every_attempt()
    {
        await using var server = await ScriptedWorker.StartAsync(
            ScriptedWorker.Status(429, WorkerProblemTypes.Busy, retryAfter: "0"),
            ScriptedWorker.Status(503),
            ScriptedWorker.Json(InfoJson));
        await using var services = Services(server.Address);

        var info = await services.GetRequiredService<WorkerClient>().InfoAsync(default);

        Assert.Equal("CPU", info.ExecutionProvider);
        Assert.Equal(3, server.Requests);
        Assert.All(server.Seen, s => Assert.Equal("secret-key", s.Key));
        Assert.All(server.Seen, s => Assert.Equal("/v1/info", s.Path));
    }

    [Fact]
    public async Task Retry_After_is_honoured()
    {
        await using var server = await ScriptedWorker.StartAsync(ScriptedWorker.Status(429, retryAfter: "1"), ScriptedWorker.Json(InfoJson));
        await using var services = Services(server.Address);
        var clock = Stopwatch.StartNew();

        await services.GetRequiredService<WorkerClient>().InfoAsync(default);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.Elapsed}, before Retry-After: 1");
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task Transient_failures_give_up_after_MaxAttempts_as_transient()
    {
        await using var server = await ScriptedWorker.StartAsync(ScriptedWorker.Status(503, WorkerProblemTypes.TimedOut));
        await using var services = Services(server.Address);

        var error = await Assert.ThrowsAsync<WorkerCallException>(() => services.GetRequiredService<WorkerClient>().InfoAsync(default));

        Assert.True(error.IsTransient);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal(WorkerProblemTypes.TimedOut, error.ProblemType);
        Assert.Equal(4, server.Requests);
    }

    /// <summary>Generation runs inside a Durable activity whose retry policy is the one retry layer: the client makes
    /// one attempt and hands a transient failure (busy, timed out, unreachable) straight back, still marked transient.</summary>
    [Theory]
    [InlineData(429, WorkerProblemTypes.Busy)]
    [InlineData(503, WorkerProblemTypes.TimedOut)]
    [InlineData(500, null)]
    public async Task A_generation_call_makes_one_attempt_and_fails_as_transient(int status, string? type)
    {
        const string Answer = """{"engine":"seeded","model":"seeded-v1","controls":{}}""";
        await using var server = await ScriptedWorker.StartAsync(ScriptedWorker.Status(status, type, retryAfter: status == 429 ? "0" : null), ScriptedWorker.Json(Answer));
        await using var services = Services(server.Address);
        var sample = GenerateWorkRequest.ForSample(new GenerateInput("0123456789abcdef01234567", 0, 1, "", 0.5), null);

        var error = await Assert.ThrowsAsync<WorkerCallException>(() => services.GetRequiredService<WorkerClient>().GenerateAsync(sample, default));

        Assert.True(error.IsTransient);
        Assert.Equal((HttpStatusCode)status, error.Status);
        Assert.Equal(1, server.Requests);
        Assert.Equal("/v1/generate", Assert.Single(server.Seen).Path);
    }

    [Fact]
    public async Task A_generation_attempt_that_times_out_is_not_retried_by_the_client()
    {
        await using var server = await ScriptedWorker.StartAsync(ScriptedWorker.Hang());
        await using var services = Services(server.Address, s => s["WorkerClient:AttemptTimeout"] = "00:00:00.300");
        var sample = GenerateWorkRequest.ForSample(new GenerateInput("0123456789abcdef01234567", 0, 1, "", 0.5), null);

        var error = await Assert.ThrowsAsync<WorkerCallException>(() => services.GetRequiredService<WorkerClient>().GenerateAsync(sample, default));

        Assert.True(error.IsTransient);
        Assert.Null(error.Status);
        Assert.Equal(1, server.Requests);
    }

    [Theory]
    [InlineData(400, WorkerProblemTypes.InvalidReference)]
    [InlineData(401, null)]
    [InlineData(404, null)]
    [InlineData(400, WorkerProblemTypes.ModelMissing)]
    public async Task Other_4xx_fail_permanently_without_a_retry(int status, string? type)
    {
        await using var server = await ScriptedWorker.StartAsync(ScriptedWorker.Status(status, type), ScriptedWorker.Json(InfoJson));
        await using var services = Services(server.Address);

        var error = await Assert.ThrowsAsync<WorkerRefusedException>(() => services.GetRequiredService<WorkerClient>().InfoAsync(default));

        Assert.False(error.IsTransient);
        Assert.DoesNotContain(server.Address.ToString(), error.Message);   // it becomes the task's error
        Assert.Equal((HttpStatusCode)status, error.Status);
        Assert.Equal(type, error.ProblemType);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Invalid_image_problem_comes_back_as_InvalidImageException_naming_the_field()
    {
        await using var server = await ScriptedWorker.StartAsync(ScriptedWorker.Status(400, WorkerProblemTypes.InvalidImage, extension: ""","field":"mask" """));
        await using var services = Services(server.Address);

        var error = await Assert.ThrowsAsync<InvalidImageException>(() => services.GetRequiredService<WorkerClient>().InfoAsync(default));

        Assert.Equal("mask", error.Field);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Region_not_found_comes_back_as_RegionNotFoundException()
    {
        await using var server = await ScriptedWorker.StartAsync(ScriptedWorker.Status(422, WorkerProblemTypes.RegionNotFound, extension: ""","prompt":"a unicorn" """));
        await using var services = Services(server.Address);

        var error = await Assert.ThrowsAsync<RegionNotFoundException>(() => services.GetRequiredService<WorkerClient>().InfoAsync(default));

        Assert.Equal("a unicorn", error.Prompt);
    }

    [Fact]
    public async Task An_attempt_that_times_out_is_cancelled_and_retried()
    {
        await using var server = await ScriptedWorker.StartAsync(ScriptedWorker.Hang(), ScriptedWorker.Json(InfoJson));
        await using var services = Services(server.Address, s => s["WorkerClient:AttemptTimeout"] = "00:00:00.300");

        var info = await services.GetRequiredService<WorkerClient>().InfoAsync(default);

        Assert.Equal("1", info.Version);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task A_worker_that_cannot_be_reached_is_a_transient_failure()
    {
        Uri closed;
        await using (var gone = await ScriptedWorker.StartAsync(ScriptedWorker.Json(InfoJson)))
            closed = gone.Address;
        await using var services = Services(closed, s => s["WorkerClient:MaxAttempts"] = "2");

        var error = await Assert.ThrowsAsync<WorkerCallException>(() => services.GetRequiredService<WorkerClient>().InfoAsync(default));

        Assert.True(error.IsTransient);
        Assert.Null(error.Status);
    }

    [Fact]
    public async Task The_callers_cancellation_ends_the_call_and_its_backoff_at_once()
    {
        await using var server = await ScriptedWorker.StartAsync(ScriptedWorker.Status(503, retryAfter: "30"));
        await using var services = Services(server.Address, s => s["WorkerClient:MaxDelay"] = "00:01:00");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => services.GetRequiredService<WorkerClient>().InfoAsync(cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task In_Entra_mode_each_attempt_carries_a_bearer_token_for_the_workers_audience()
    {
        await using var server = await ScriptedWorker.StartAsync(ScriptedWorker.Status(503), ScriptedWorker.Json(InfoJson));
        var credential = new FixedTokenCredential("token-123");
        await using var services = Services(server.Address, s =>
        {
            s["WorkerClient:ApiKey"] = null;
            s["WorkerClient:Audience"] = "api://inpaint-worker";
        }, credential);

        await services.GetRequiredService<WorkerClient>().InfoAsync(default);

        Assert.All(server.Seen, s => Assert.Equal("Bearer token-123", s.Authorization));
        Assert.All(server.Seen, s => Assert.Null(s.Key));
        Assert.Equal(["api://inpaint-worker/.default", "api://inpaint-worker/.default"], credential.Scopes.ToArray());
    }

    [Fact]
    public void Settings_without_key_or_audience_fail_validation()
    {
        using var services = Services(new Uri("http://127.0.0.1:1/"), s => s["WorkerClient:ApiKey"] = null);
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<WorkerClient>());
    }

    /// <summary>Stands in for the managed identity, which exists only in Azure: hands out a fixed token and records the scopes asked for.</summary>
    private sealed class FixedTokenCredential(string token) : TokenCredential
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Scopes { get; } = new();

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            foreach (var scope in requestContext.Scopes) Scopes.Enqueue(scope);
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
