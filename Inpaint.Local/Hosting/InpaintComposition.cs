using Inpaint.Inference;
using Inpaint.Local.Drop;
using Inpaint.Local.Keys;
using Inpaint.Local.Orchestration;
using Inpaint.Shared;
using Inpaint.Shared.Api;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Orchestration.Activities;
using Inpaint.Shared.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Inpaint.Local.Hosting;

/// <summary>
/// The product on the local stack: the domain, the engines (in this process, or on a GPU worker when one is
/// configured), the orchestration and the public API. <see cref="LocalStack"/> composes it; nothing else does.
/// </summary>
internal static class InpaintComposition
{
    public static void AddServices(WebApplicationBuilder builder)
    {
        builder.Services.AddInpaintDomain(builder.Configuration);
        // Engines in this process, or on a GPU worker (`inpaint worker`, or one in Azure) when one is configured.
        if (builder.Configuration[$"{WorkerClientOptions.SectionName}:{nameof(WorkerClientOptions.BaseAddress)}"] is { Length: > 0 })
            builder.Services.AddGpuWorkerEngines();
        else
            builder.Services.AddInpaintLocalEngines();
        builder.Services.AddDropPoller(); // the local stand-in for the Azure blob-drop trigger
        builder.Services.AddHostedService<TaskReconcilerService>(); // and for the reconciliation timer

        // The activities that run models are bounded apart from the light ones (storage round trips).
        builder.Services.Configure<LocalDurableTaskOptions>(o => o.ComputeActivities =
            [nameof(GenerateActivity), nameof(SegmentRegionActivity), nameof(DetectForegroundActivity)]);

        // Every exception becomes an RFC 7807 problem in one place (ProblemMapper): the domain's with their
        // status and field, anything unforeseen as a logged 500. Answers without a body (no route: 404, wrong
        // method: 405, a request refused by ASP.NET itself) get a complete problem from the status code pages.
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = StatusProblems.Complete);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddInpaintOpenApi();
    }

    public static void RegisterTasks(DurableTaskRegistry tasks, IConfiguration configuration) => InpaintTasks.Register(tasks, RetryPolicies.From(configuration));

    public static void MapEndpoints(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusProblems.WriteAsync);
        app.UseInpaintWebPage();
        app.MapInpaintApi();
    }

    /// <summary>Returns the development user's API key (stored at <paramref name="path"/>), creating it and its credits if needed.</summary>
    public static async Task<string> ProvisionApiKeyAsync(IServiceProvider services, string path, CancellationToken cancellationToken)
    {
        string key = await DevelopmentApiKey.EnsureAsync(services.GetRequiredService<ApiKeyStore>(), path, cancellationToken);
        await DevelopmentCredits.EnsureAsync(services.GetRequiredService<CreditLedger>(), DevelopmentApiKey.User, cancellationToken);
        return key;
    }
}
