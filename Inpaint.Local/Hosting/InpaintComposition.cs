using Inpaint.Inference;
using Inpaint.Local.Drop;
using Inpaint.Local.Keys;
using Inpaint.Shared;
using Inpaint.Shared.Api;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Inpaint.Local.Hosting;

/// <summary>The product on the local stack: the domain, the local engines, the orchestration and the public API.</summary>
public static class InpaintComposition
{
    /// <summary>Fills the composition hooks of <paramref name="options"/> and returns it.</summary>
    public static LocalStackOptions Apply(LocalStackOptions options)
    {
        options.AddServices = builder =>
        {
            builder.Services.AddInpaintDomain(builder.Configuration);
            // Engines in this process, or on a GPU worker (`inpaint worker`, or one in Azure) when one is configured.
            if (builder.Configuration[$"{WorkerClientOptions.SectionName}:{nameof(WorkerClientOptions.BaseAddress)}"] is { Length: > 0 })
                builder.Services.AddGpuWorkerEngines();
            else
                builder.Services.AddInpaintLocalEngines();
            builder.Services.AddDropPoller(); // the local stand-in for the Azure blob-drop trigger
            builder.Services.AddHostedService<TaskReconcilerService>(); // and for the reconciliation timer

            // Domain exceptions become RFC 7807 problems in one place (ProblemMapper); anything else is a bare 500.
            builder.Services.AddProblemDetails();
            builder.Services.AddExceptionHandler<ApiExceptionHandler>();
            builder.Services.AddInpaintOpenApi();
        };
        options.RegisterTasks = tasks => InpaintTasks.Register(tasks);
        options.MapEndpoints = app =>
        {
            app.UseExceptionHandler();
            app.UseInpaintWebPage();
            app.MapInpaintApi();
        };
        options.ProvisionApiKey = async (services, path, cancellationToken) =>
        {
            string key = await DevelopmentApiKey.EnsureAsync(services.GetRequiredService<ApiKeyStore>(), path, cancellationToken);
            await DevelopmentCredits.EnsureAsync(services.GetRequiredService<CreditLedger>(), DevelopmentApiKey.User, cancellationToken);
            return key;
        };
        return options;
    }
}
