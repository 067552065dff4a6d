using System.Net.Http.Json;
using System.Security.Cryptography;
using Inpaint.GpuWorker.Scheduling;
using Inpaint.Shared.Worker;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Inpaint.GpuWorker.Tests.Hosting;

/// <summary>
/// The real worker (its own <c>Program</c>) in a test server, on Azurite, with the engines a test registers
/// and settings it overrides. Bearer tokens are validated against a test signing key instead of Entra ID's
/// published keys; everything else is the production composition.
/// </summary>
public sealed class WorkerHost(
    string connectionString, Action<IServiceCollection> engines, IReadOnlyDictionary<string, string?>? settings = null, bool productionEngines = false)
    : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-worker-key";
    public const string Audience = "api://inpaint-worker-test";
    public const string Issuer = "https://login.test/tenant/v2.0";

    private static readonly SymmetricSecurityKey SigningKey = new(RandomNumberGenerator.GetBytes(32));

    public GpuWorkQueue Queue => Services.GetRequiredService<GpuWorkQueue>();

    /// <summary>A client that sends the shared key.</summary>
    public HttpClient KeyClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(WorkerHeaders.ApiKey, ApiKey);
        return client;
    }

    /// <summary>A token signed with the test key, as Entra ID would issue for the orchestration's identity.</summary>
    public static string Token(string audience = Audience, string issuer = Issuer, DateTime? expires = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            NotBefore = (expires ?? DateTime.UtcNow.AddMinutes(10)).AddMinutes(-20),
            Claims = new Dictionary<string, object> { ["oid"] = Guid.NewGuid().ToString(), ["azp"] = "orchestration" },
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });

    /// <summary>Waits until <c>/readyz</c> answers 200 (the engines were resolved at start).</summary>
    public async Task<HttpClient> ReadyKeyClientAsync()
    {
        var client = KeyClient();
        for (var i = 0; i < 200; i++)
        {
            if ((await client.GetAsync("/readyz")).IsSuccessStatusCode)
                return client;
            await Task.Delay(25);
        }

        throw new TimeoutException("the worker did not become ready");
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(WorkerJson.Options))!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:ConnectionString", connectionString);
        builder.UseSetting("Auth:ApiKey", ApiKey);
        builder.UseSetting("Auth:Audience", Audience);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            // Exactly the engines the test names, unless it asks for the production composition's.
            if (!productionEngines)
            {
                services.RemoveAll<Inpaint.Shared.Generation.IGenerationEngine>();
                services.RemoveAll<Inpaint.Shared.Regions.IRegionEngine>();
            }

            engines(services);
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                o.TokenValidationParameters.IssuerSigningKey = SigningKey;
                o.TokenValidationParameters.ValidIssuer = Issuer;
            });
        });
    }
}
