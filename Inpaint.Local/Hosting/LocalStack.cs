using Inpaint.Local.Orchestration;
using Inpaint.Local.Storage.Emulator;
using Inpaint.Shared.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Inpaint.Local.Hosting;

/// <summary>
/// The whole service on one machine, composed as the product (<see cref="InpaintComposition"/>): storage (the configured account, else an embedded Azurite), the
/// Durable Task worker and client on that account, and the HTTP API on a loopback port. Used by
/// <c>inpaint serve</c>, by <c>inpaint demo</c> and by the end-to-end tests; disposing it stops everything
/// it started, Azurite last.
/// </summary>
public sealed class LocalStack : IAsyncDisposable
{
    /// <summary>File under <see cref="LocalStackOptions.DataDirectory"/> holding the development API key.</summary>
    public const string ApiKeyFileName = "dev-api-key.txt";

    readonly WebApplication app;
    readonly AzuriteEmulator? azurite;
    readonly DataDirectoryLock? dataLock;

    LocalStack(WebApplication app, AzuriteEmulator? azurite, DataDirectoryLock? dataLock, Uri baseAddress, string? apiKey)
    {
        this.app = app;
        this.azurite = azurite;
        this.dataLock = dataLock;
        this.BaseAddress = baseAddress;
        this.ApiKey = apiKey;
    }

    /// <summary>Base URL of the HTTP API (for example <c>http://127.0.0.1:41234/</c>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The development user's API key (null when <see cref="LocalStackOptions.ProvisionApiKey"/> is off).</summary>
    public string? ApiKey { get; }

    /// <summary>The embedded Azurite, or null when a storage account was configured.</summary>
    public AzuriteEmulator? Azurite => this.azurite;

    public IServiceProvider Services => this.app.Services;

    /// <summary>Starts the stack and returns once the API answers and the worker is connected.</summary>
    public static async Task<LocalStack> StartAsync(LocalStackOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = options.ConfigurationArgs,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(options.Settings);
        ConfigureLogging(builder.Logging, options.MinimumLogLevel);

        AzuriteEmulator? azurite = null;
        DataDirectoryLock? dataLock = null;
        try
        {
            if (NeedsEmbeddedStorage(builder.Configuration))
            {
                var azuriteOptions = new AzuriteOptions { DataDirectory = Path.Combine(options.DataDirectory, "azurite") };
                builder.Configuration.GetSection(AzuriteOptions.SectionName).Bind(azuriteOptions);
                dataLock = DataDirectoryLock.Acquire(azuriteOptions.DataDirectory);
                using var loggers = LoggerFactory.Create(logging => ConfigureLogging(logging.AddSimpleConsole(o => o.SingleLine = true), options.MinimumLogLevel));
                azurite = await AzuriteEmulator.StartAsync(azuriteOptions, loggers.CreateLogger<AzuriteEmulator>(), cancellationToken);
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [TaskHubSidecarService.ConnectionStringKey] = azurite.ConnectionString,
                });
            }

            string urls = options.Urls ?? builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "http://127.0.0.1:0";
            builder.WebHost.UseUrls(urls);
            builder.Services.AddHealthChecks();
            InpaintComposition.AddServices(builder);
            options.ConfigureServices?.Invoke(builder.Services);
            builder.AddLocalDurableTask(tasks => InpaintComposition.RegisterTasks(tasks, builder.Configuration));

            var app = builder.Build();
            app.MapHealthChecks("/healthz");
            app.MapHealthChecks("/readyz");
            InpaintComposition.MapEndpoints(app);

            try
            {
                await app.StartAsync(cancellationToken);
                var baseAddress = ListeningAddress(app);
                string? apiKey = options.ProvisionApiKey
                    ? await InpaintComposition.ProvisionApiKeyAsync(app.Services, Path.Combine(options.DataDirectory, ApiKeyFileName), cancellationToken)
                    : null;
                return new LocalStack(app, azurite, dataLock, baseAddress, apiKey);
            }
            catch
            {
                await StopAppAsync(app);
                throw;
            }
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            dataLock?.Dispose();
            throw;
        }
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM) or <paramref name="cancellationToken"/> fires.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => this.app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAppAsync(this.app);
        }
        finally
        {
            if (this.azurite is not null)
            {
                await this.azurite.DisposeAsync();
            }

            this.dataLock?.Dispose();
        }
    }

    /// <summary>True when no storage account is configured: neither a connection string nor service URIs.</summary>
    static bool NeedsEmbeddedStorage(IConfiguration configuration)
        => string.IsNullOrWhiteSpace(configuration[TaskHubSidecarService.ConnectionStringKey])
           && string.IsNullOrWhiteSpace(configuration["Storage:BlobServiceUri"]);

    static Uri ListeningAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return PublicAddress.FromServerAddresses(addresses) ?? throw new InvalidOperationException("The server listens on no address.");
    }

    static async Task StopAppAsync(WebApplication app)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Our own messages at Information; the storage provider, Kestrel and the SDK only when something is wrong.</summary>
    static void ConfigureLogging(ILoggingBuilder logging, LogLevel minimum)
    {
        logging.SetMinimumLevel(minimum);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("DurableTask", LogLevel.Warning);
        logging.AddFilter("Azure", LogLevel.Warning);
        logging.AddFilter("System.Net.Http", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
    }
}
