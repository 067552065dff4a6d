using System.Text.Json.Nodes;

namespace Inpaint.Local.Tests.Hostile;

/// <summary>
/// Every hostile request over HTTP against the local stack gets its exact 4xx status as an
/// <c>application/problem+json</c> body naming the field (or none), never a 5xx. (The memory bound while the
/// catalogue is replayed: <see cref="HostileMemoryTests"/>.)
/// </summary>
public sealed class HostileInputTests(HostileStackFixture stack) : IClassFixture<HostileStackFixture>
{
    public static IEnumerable<object[]> Cases => HostileCases.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_request_is_refused_with_its_problem(string name)
    {
        var hostile = HostileCases.Named(name);
        var (status, problem, text) = await stack.SendHostileAsync(hostile);
        Assert.True(status == hostile.Status, $"{name}: expected {hostile.Status}, got {status}: {HostileStackFixture.Shorten(text)}");
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
            Assert.True(errors is not null && errors.ContainsKey(hostile.Field), $"{name}: expected an error for '{hostile.Field}', got {HostileStackFixture.Shorten(text)}");
        }

        if (hostile.DetailContains is { } expected)
            Assert.True(text.Contains(expected, StringComparison.Ordinal), $"{name}: expected the problem to say '{expected}': {HostileStackFixture.Shorten(text)}");
    }

    [Fact]
    public void The_catalogue_has_at_least_forty_cases_with_unique_names()
    {
        Assert.True(HostileCases.All.Count >= 40, $"{HostileCases.All.Count} cases");
        Assert.Equal(HostileCases.All.Count, HostileCases.All.Select(c => c.Name).Distinct().Count());
    }
}
