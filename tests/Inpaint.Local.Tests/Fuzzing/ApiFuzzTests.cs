using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using CsCheck;
using Inpaint.Shared.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Inpaint.Local.Tests.Fuzzing;

/// <summary>
/// The API-wide fuzzer: generated malformed requests (<see cref="FuzzGenerators"/>) to every endpoint of the
/// route table of the running local stack, for a bounded time. Every answer must be below 500; every 4xx must be
/// an <c>application/problem+json</c> body with type, title, status and detail; and nothing may be charged for a
/// refused request (the ledger is audited afterwards: every new charge belongs to a task the API accepted).
/// A request that Kestrel refuses as malformed HTTP before any application code runs (400, no body, connection
/// closed) is counted, not failed: no problem body can be written there. Tasks the fuzzer gets accepted are
/// cancelled at once. A failure prints the request in full (and CsCheck's seed to replay it); such requests are
/// kept in <see cref="FuzzRegressions"/>.
/// </summary>
[Collection(ApiStackCollection.Name)]
public sealed class ApiFuzzTests(ApiStackFixture api, ITestOutputHelper output)
{
    /// <summary>The fuzzing budget; with the stack's start this keeps the test within about two minutes.</summary>
    const int Seconds = 60;

    static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        MaxConnectionsPerServer = 16,
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
    })
    { Timeout = TimeSpan.FromSeconds(60) };

    readonly ConcurrentBag<string> accepted = [];
    readonly ConcurrentDictionary<string, int> tally = new();

    [Fact]
    public async Task Generated_requests_to_every_endpoint_get_no_5xx_problem_bodies_for_every_4xx_and_no_charge_for_a_refusal()
    {
        var targets = FuzzTarget.FromRouteTable(api.Stack.Services);
        output.WriteLine($"endpoints: {string.Join("; ", targets)}");
        foreach (var expected in new[] { "/v2/tasks/create", "/v2/tasks/{id}", "/v2/uploads", "/v2/masks/preview" })
            Assert.Contains(targets, t => t.Pattern == expected);

        var ledger = api.Stack.Services.GetRequiredService<CreditLedger>();
        var chargedBefore = (await ledger.MovementsAsync(ApiStackFixture.FuzzUser)).Where(m => m.Kind == CreditLedger.Charge).Select(m => m.TaskId).ToHashSet();
        var errorsBefore = api.ServerErrors.Count;
        var clock = Stopwatch.StartNew();

        await new FuzzGenerators(api, targets).Request.SampleAsync(
            this.SendAndCheckAsync, writeLine: output.WriteLine, iter: 1_000_000, time: Seconds, threads: 4, print: r => r.Describe());

        output.WriteLine($"{this.tally.Values.Sum()} requests in {clock.Elapsed.TotalSeconds:0} s; {this.accepted.Count} tasks accepted (and cancelled)");
        foreach (var (key, count) in this.tally.OrderBy(t => t.Key, StringComparer.Ordinal)) output.WriteLine($"  {key}: {count}");
        foreach (var target in targets)
            Assert.True(this.tally.Keys.Any(k => k.StartsWith(target.Pattern + " ", StringComparison.Ordinal)), $"{target.Pattern} was never fuzzed");

        // No unforeseen exception behind any answer, even one the client did not wait for.
        var errors = api.ServerErrors.Skip(errorsBefore).ToList();
        Assert.True(errors.Count == 0, $"the server logged {errors.Count} errors, the first: {errors.FirstOrDefault()}");

        // Nothing charged for a refusal: every charge made during the run is for a task the API accepted.
        var accepted = this.accepted.ToHashSet();
        var movements = await ledger.MovementsAsync(ApiStackFixture.FuzzUser);
        var strays = movements.Where(m => m.Kind == CreditLedger.Charge && !chargedBefore.Contains(m.TaskId) && !accepted.Contains(m.TaskId!)).ToList();
        Assert.True(strays.Count == 0, $"charged for tasks the API refused: {string.Join(", ", strays.Select(s => s.TaskId))}");
        Assert.Equal(movements.Sum(m => m.Credits), await ledger.BalanceAsync(ApiStackFixture.FuzzUser));
        Assert.DoesNotContain(await ledger.MovementsAsync(ApiStackFixture.PoorUser), m => m.Kind == CreditLedger.Charge);
    }

    /// <summary>Requests that once got a 500 or a bare answer, kept as they were found.</summary>
    [Theory]
    [MemberData(nameof(FuzzRegressions.Names), MemberType = typeof(FuzzRegressions))]
    public async Task Regression_requests_get_their_problem(string name)
    {
        var request = FuzzRegressions.Build(name, api);
        await this.SendAndCheckAsync(request);
    }

    async Task SendAndCheckAsync(FuzzRequest request)
    {
        var (status, contentType, body, closes) = request.Framing is null ? await SendAsync(request) : await SendRawAsync(api.Stack.BaseAddress, request);
        if (status == 0)
        {
            // Only a client that stopped sending its body may be left without an answer: the server sees the
            // connection closed and has no one to answer (it must not log an error for it: see the log audit).
            Assert.True(request.Framing is RawFraming.LongerThanSent or RawFraming.BadChunks, "the server closed the connection without answering");
            this.tally.AddOrUpdate("hung up by the client, no answer", 1, (_, n) => n + 1);
            return;
        }

        this.tally.AddOrUpdate($"{request.Endpoint} {status / 100}xx", 1, (_, n) => n + 1);
        Assert.True(status < 500, $"answered {status}: {ProblemBody.Shorten(body)}");
        if (status >= 400)
        {
            if (body.Length == 0 && closes)
            {
                // Kestrel refused it as malformed HTTP (bad framing, a NUL in the path, no Host) before the app ran.
                this.tally.AddOrUpdate("refused by Kestrel at the protocol level", 1, (_, n) => n + 1);
                return;
            }

            if (request.Method == "HEAD") return;   // a HEAD answer has no body by definition
            if (ProblemBody.Check(status, contentType, body) is { } problem)
                Assert.Fail($"answered {status} but {problem}");
        }
        else if (status is >= 200 and < 300 && request.Endpoint == "/v2/tasks/create" && request.Method == "POST")
        {
            await this.CancelAcceptedAsync(request, body);
        }
    }

    /// <summary>A task the fuzzer got accepted is recorded (for the ledger audit) and cancelled, so it costs no CPU.</summary>
    async Task CancelAcceptedAsync(FuzzRequest request, byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var id = document.RootElement.GetProperty("task").GetProperty("_id").GetString()!;
        this.accepted.Add(id);
        foreach (var key in new[] { api.FuzzKey, api.OtherKey, api.PoorKey })
        {
            using var cancel = new HttpRequestMessage(HttpMethod.Post, new Uri(api.Stack.BaseAddress, $"v2/tasks/{id}/cancel"));
            cancel.Headers.Add("X-Api-Key", key);
            using var response = await Client.SendAsync(cancel);
            Assert.True((int)response.StatusCode is 200 or 404 or 409, $"cancel of accepted task {id} answered {(int)response.StatusCode}");
            if ((int)response.StatusCode != 404) return;
        }
    }

    async Task<(int Status, string? ContentType, byte[] Body, bool Closes)> SendAsync(FuzzRequest request)
    {
        var uri = new Uri(api.Stack.BaseAddress.GetLeftPart(UriPartial.Authority) + request.PathAndQuery,
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        if (request.Body is not null) message.Content = new ByteArrayContent(request.Body);
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.Host = value;
            }
            else if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.Remove(name);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        // Headers first: a streaming answer (server-sent events) is read only when it is an error.
        using var response = await Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        var body = status >= 400 || request.Endpoint == "/v2/tasks/create" ? await response.Content.ReadAsByteArrayAsync() : [];
        return (status, response.Content.Headers.ContentType?.ToString(), body, response.Headers.ConnectionClose == true);
    }

    static async Task<(int Status, string? ContentType, byte[] Body, bool Closes)> SendRawAsync(Uri server, FuzzRequest request)
    {
        var (head, body, halfClose) = RawFraming.Build(request);
        var answer = await RawHttp.SendAsync(server, head, body, halfClose);
        return (answer.Status, answer.ContentType, answer.Body, answer.ClosesConnection);
    }
}
