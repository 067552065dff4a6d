using Inpaint.Shared.Api;
using Inpaint.Shared.Drop;
using Inpaint.Shared.Idempotency;
using Inpaint.Shared.Inputs;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Orchestration.Activities;
using Inpaint.Shared.Pricing;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Uploads;
using Inpaint.Shared.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName)).ValidateOnStart();

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
        services.AddSingleton<TaskService>();
        services.AddSingleton<TaskFinalizer>();
        services.AddSingleton<TaskSamples>();
        services.AddSingleton<TaskPages>();
        services.AddSingleton<Tools.ToolCatalog>();
        services.AddSingleton<Events.TaskEventStream>();
        services.AddSingleton<TaskReconciler>();
        services.AddSingleton<Previews.MaskPreviewService>();
        services.AddSingleton<TaskImages>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<ApiKeyFilter>();
        services.AddSingleton<DropResultStore>();
        services.AddSingleton<DropDelivery>();
        services.AddSingleton<DropProcessor>();
        services.AddHostedService<StorageInitializer>();

        // Activities are resolved by class, both by the Durable Task worker and by the Functions entry points.
        services.AddTransient<PrepareInputActivity>();
        services.AddTransient<LoadMaskActivity>();
        services.AddTransient<SegmentRegionActivity>();
        services.AddTransient<DetectForegroundActivity>();
        services.AddTransient<RefineMaskActivity>();
        services.AddTransient<DiffuseActivity>();
        services.AddTransient<CompositeActivity>();
        services.AddTransient<DeliverSampleActivity>();
        services.AddTransient<FinalizeTaskActivity>();
        services.AddTransient<DeliverDropResultsActivity>();
        services.AddTransient<DeliverWebhookActivity>();
        return services;
    }
}
