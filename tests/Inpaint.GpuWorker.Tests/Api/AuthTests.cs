using System.Net;
using System.Net.Http.Headers;
using Inpaint.GpuWorker.Tests.Engines;
using Inpaint.GpuWorker.Tests.Hosting;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Worker;
using Microsoft.Extensions.DependencyInjection;

using Inpaint.Testing;

namespace Inpaint.GpuWorker.Tests.Api;

[Collection(AzuriteCollection.Name)]
public sealed class AuthTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private WorkerHost host = null!;

    public async Task InitializeAsync()
    {
        host = new WorkerHost(azurite.ConnectionString, services => services.AddSingleton<IGenerationEngine>(new SeededFill()));
        await host.ReadyKeyClientAsync();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task No_credentials_get_401_problem()
    {
        var response = await host.CreateClient().GetAsync("/v1/info");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Wrong_key_gets_401()
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add(WorkerHeaders.ApiKey, WorkerHost.ApiKey + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/info")).StatusCode);
    }

    [Fact]
    public async Task Shared_key_is_accepted()
    {
        Assert.Equal(HttpStatusCode.OK, (await host.KeyClient().GetAsync("/v1/info")).StatusCode);
    }

    [Fact]
    public async Task Entra_token_for_the_worker_audience_is_accepted()
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WorkerHost.Token());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/info")).StatusCode);
    }

    [Theory]
    [InlineData("api://another-app", WorkerHost.Issuer, 10)]
    [InlineData(WorkerHost.Audience, "https://evil.test/", 10)]
    [InlineData(WorkerHost.Audience, WorkerHost.Issuer, -10)]
    public async Task Token_for_another_audience_issuer_or_expired_gets_401(string audience, string issuer, int expiresInMinutes)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", WorkerHost.Token(audience, issuer, DateTime.UtcNow.AddMinutes(expiresInMinutes)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/info")).StatusCode);
    }

    [Fact]
    public async Task Unauthenticated_diffuse_does_no_work()
    {
        var response = await host.CreateClient().PostAsync("/v1/diffuse", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
