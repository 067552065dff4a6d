using Inpaint.Shared.Api;
using Inpaint.Shared.Drop;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Idempotency;
using Inpaint.Shared.Inputs;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Orchestration.Activities;
using Inpaint.Shared.Pricing;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Uploads;
using Inpaint.Shared.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Inpaint.Shared;

/// <summary>Registers the domain — options, storage, keys, tasks, uploads, activities — for any host.</summary>
public static class InpaintDomain
{
    public static IServiceCollection AddInpaintDomain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.SectionName)).ValidateOnStart();
        services.AddOptions<PricingOptions>().Bind(configuration.GetSection(PricingOptions.SectionName)).ValidateOnStart();
        services.AddOptions<ResultsOptions>().Bind(configuration.GetSection(ResultsOptions.SectionName)).ValidateOnStart();
        services.AddOptions<ReconcileOptions>().Bind(configuration.GetSection(ReconcileOptions.SectionName))
            .Validate(o => o.Grace > TimeSpan.Zero && o.Interval > TimeSpan.Zero, "Reconcile:Grace and Reconcile:Interval must be positive.")
            .ValidateOnStart();
        services.AddOptions<FetchOptions>().Bind(configuration.GetSection(FetchOptions.SectionName)).ValidateOnStart();
        services.AddOptions<DropOptions>().Bind(configuration.GetSection(DropOptions.SectionName))
            .Validate(o => o.IsValid(), "Drop:Owners must be prefix=user pairs separated by ';'").ValidateOnStart();
        services.AddOptions<Events.TaskEventsOptions>().Bind(configuration.GetSection(Events.TaskEventsOptions.SectionName))
            .Validate(o => o.IsValid(), "Events:PollInterval and Events:HeartbeatInterval must be positive.").ValidateOnStart();
        services.AddOptions<RetryOptions>().Bind(configuration.GetSection(RetryOptions.SectionName))
            .Validate(o => o.FirstRetryInterval > TimeSpan.Zero, "Retry:FirstRetryInterval must be positive.").ValidateOnStart();
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.SectionName))
            .Validate(o => o.HasValidBaseUrl(), "Api:PublicBaseUrl must be an absolute http(s) URL without query or fragment")
            .Validate(o => o.ParseTrustedProxies() is not null, "Api:TrustedProxies must be IP addresses separated by ';'")
            .ValidateOnStart();
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName)).ValidateOnStart();

        services.AddSingleton<RetryPolicies>();
        services.AddSingleton<StorageClients>();
        services.AddSingleton<BlobStore>();
        services.AddSingleton<TaskStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<CreditLedger>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<UrlFetcher>();
        services.AddSingleton<ImageFetcher>();
        services.AddSingleton<UploadService>();
        services.AddSingleton<UploadLinks>();
        services.AddSingleton<TaskDocuments>();
        services.AddSingleton<TaskQueries>();
        services.AddSingleton<TaskCreator>();
        services.AddSingleton<TaskCanceller>();
        services.AddSingleton<TaskFinalizer>();
        services.AddSingleton<TaskSamples>();
        services.AddSingleton<Tools.ToolCatalog>();
        services.AddSingleton<Events.TaskEventStream>();
        services.AddSingleton<TaskReconciler>();
        // Region selection: the engine is the host's (none by default: NoRegionEngine answers availability).
        // Transient like the activities, so a worker engine's typed HttpClient is not held for the app's life.
        services.TryAddSingleton<IRegionAvailability, NoRegionEngine>();
        services.AddTransient<RegionSelector>();
        services.AddTransient<Previews.MaskPreviewService>();
        services.AddSingleton<TaskImages>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<ApiKeyFilter>();
        services.AddSingleton<PublicAddress>();
        services.AddSingleton<DropResultStore>();
        services.AddSingleton<DropDelivery>();
        services.AddSingleton<DropProcessor>();
        services.AddHostedService<StorageInitializer>();

        InpaintTasks.AddActivities(services);
        // One engine for every task unless the host registers a chooser (the local engines choose per prompt
        // from the installed models; the GPU worker chooses on its side).
        services.TryAddTransient<IGenerationEngineChooser>(sp => new SingleEngineChooser(() => sp.GetRequiredService<IGenerationEngine>()));
        return services;
    }
}
