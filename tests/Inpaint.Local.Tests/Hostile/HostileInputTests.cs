using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Inpaint.Local.Tests.Hostile;

/// <summary>
/// Every hostile request over HTTP against the local stack gets its exact 4xx status as an
/// <c>application/problem+json</c> body naming the field (or none), never a 5xx; the process stays within a
/// memory bound while the whole catalogue is replayed.
/// </summary>
public sealed class HostileInputTests(HostileStackFixture stack, ITestOutputHelper output) : IClassFixture<HostileStackFixture>
{
    public static IEnumerable<object[]> Cases => HostileCases.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_request_is_refused_with_its_problem(string name)
    {
        var hostile = HostileCases.Named(name);
        var (status, problem, text) = await this.SendAsync(hostile);
        Assert.True(status == hostile.Status, $"{name}: expected {hostile.Status}, got {status}: {Shorten(text)}");
        Assert.NotNull(problem);
        Assert.Equal(hostile.Status, problem["status"]?.GetValue<int>());
        var errors = problem["errors"] as JsonObject;
        if (hostile.Field is null)
        {
            Assert.Null(errors);
            Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>() ?? problem["title"]?.GetValue<string>()));
        }
        else
        {
            Assert.True(errors is not null && errors.ContainsKey(hostile.Field), $"{name}: expected an error for '{hostile.Field}', got {Shorten(text)}");
        }

        if (hostile.DetailContains is { } expected)
            Assert.True(text.Contains(expected, StringComparison.Ordinal), $"{name}: expected the problem to say '{expected}': {Shorten(text)}");
    }

    [Fact]
    public void The_catalogue_has_at_least_forty_cases_with_unique_names()
    {
        Assert.True(HostileCases.All.Count >= 40, $"{HostileCases.All.Count} cases");
        Assert.Equal(HostileCases.All.Count, HostileCases.All.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public async Task Replaying_the_catalogue_keeps_memory_bounded_and_never_answers_5xx()
    {
        // Warm up once (JIT, pools), then measure the managed heap across two full replays, sampling its peak.
        foreach (var hostile in HostileCases.All) await this.SendAsync(hostile);
        long baseline = Settle();
        long peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(5);
            }
        });

        var answered = 0;
        for (var round = 0; round < 2; round++)
        {
            foreach (var hostile in HostileCases.All)
            {
                var (status, _, text) = await this.SendAsync(hostile);
                Assert.True(status is >= 400 and < 500, $"{hostile.Name}: {status} {Shorten(text)}");
                answered++;
            }
        }

        await sampling.CancelAsync();
        await sampler;
        long after = Settle();
        output.WriteLine($"{answered} hostile requests; managed heap {baseline / 1048576.0:F0} MiB → peak {peak / 1048576.0:F0} MiB → {after / 1048576.0:F0} MiB after GC");

        // Generous: the largest legitimate body here is ~16 MiB (a 10 MB JSON held as bytes, text and a document).
        Assert.True(peak - baseline < 768L * 1024 * 1024, $"the heap grew by {(peak - baseline) / 1048576} MiB while answering hostile requests");
        // Retained: pools (ImageSharp's buffers, Kestrel's and the storage clients' connections) keep some memory;
        // measured 56 MiB on the 2-core box, so 128 MiB leaves room without hiding a per-request leak
        // (176 requests leaking even 1 MiB each would exceed it).
        Assert.True(after - baseline < 128L * 1024 * 1024, $"{(after - baseline) / 1048576} MiB stayed allocated after the replay");
    }

    static long Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(true);
    }

    async Task<(int Status, JsonObject? Problem, string Text)> SendAsync(HostileCase hostile)
    {
        using var request = hostile.Request(stack);
        using var response = await stack.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonObject? problem = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            try
            {
                problem = JsonNode.Parse(text) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
            }
        }

        return ((int)response.StatusCode, problem, text);
    }

    static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";
}
