using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Inpaint.Shared.Api;
using Inpaint.Shared.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Inpaint.Shared.Tests.Api;

/// <summary>
/// A storage account that cannot be reached is a 503 with Retry-After (the client retries), never a 500;
/// storage answers about the request itself (404, 409, 412) are not mistaken for an outage.
/// </summary>
public sealed class StorageOutageProblemTests
{
    [Fact]
    public async Task A_table_call_to_a_closed_port_is_an_outage_answered_503_with_retry_after()
    {
        var exception = await ThrowFromClosedPortAsync();
        Assert.IsType<AggregateException>(exception); // what the SDK throws once its retries are spent
        Assert.True(StorageOutage.Is(exception));

        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Response.Body = new MemoryStream();
        Assert.True(await ProblemMapper.TryWriteAsync(http, exception));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal(ProblemMapper.UnavailableRetryAfterSeconds.ToString(), http.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("application/problem+json", http.Response.ContentType);
        http.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(http.Response.Body);
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("storage is unavailable", problem.RootElement.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void Storage_answers_of_an_unavailable_service_map_to_503(int status)
    {
        var exception = new RequestFailedException(status, "storage said so");
        Assert.True(StorageOutage.Is(exception));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, ProblemMapper.Map(exception)?.Status);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, ProblemMapper.Map(new AggregateException(exception, exception))?.Status);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(412)]
    public void Storage_answers_about_the_request_are_not_an_outage(int status)
    {
        var exception = new RequestFailedException(status, "storage said so");
        Assert.False(StorageOutage.Is(exception));
        Assert.Null(ProblemMapper.Map(exception));
    }

    [Fact]
    public void An_aggregate_holding_anything_else_is_not_an_outage()
    {
        Assert.False(StorageOutage.Is(new AggregateException(new RequestFailedException(0, "refused"), new InvalidOperationException("a bug"))));
        Assert.False(StorageOutage.Is(new AggregateException()));
        Assert.False(StorageOutage.Is(new OperationCanceledException("the caller went away")));
        Assert.Null(ProblemMapper.Map(new InvalidOperationException("a bug")));
    }

    [Fact]
    public void A_network_timeout_is_an_outage()
        => Assert.True(StorageOutage.Is(new TaskCanceledException("timed out", new TimeoutException())));

    static async Task<Exception> ThrowFromClosedPortAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now: connection refused

        var options = new TableClientOptions { Retry = { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(1), Mode = RetryMode.Fixed } };
        var table = new TableClient(
            new Uri($"http://127.0.0.1:{port}/devstoreaccount1"),
            "absent",
            new TableSharedKeyCredential("devstoreaccount1", "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="),
            options);
        return await Assert.ThrowsAnyAsync<Exception>(() => table.GetEntityIfExistsAsync<TableEntity>("pk", "rk"));
    }
}
