using Inpaint.Inference;
using Inpaint.Local.Keys;
using Inpaint.Shared;
using Inpaint.Shared.Api;
using Inpaint.Shared.Keys;
using Inpaint.Shared.Orchestration;
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
            builder.Services.AddInpaintLocalEngines();

            // Domain exceptions become RFC 7807 problems in one place (ProblemMapper); anything else is a bare 500.
            builder.Services.AddProblemDetails();
            builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        };
        options.RegisterTasks = tasks => InpaintTasks.Register(tasks);
        options.MapEndpoints = app =>
        {
            app.UseExceptionHandler();
            app.MapInpaintApi();
        };
        options.ProvisionApiKey = (services, path, cancellationToken)
            => DevelopmentApiKey.EnsureAsync(services.GetRequiredService<ApiKeyStore>(), path, cancellationToken);
        return options;
    }
}
