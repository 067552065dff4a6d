using Microsoft.Extensions.DependencyInjection;

namespace Inpaint.Local.Drop;

/// <summary>Composition of the local blob-drop poller.</summary>
public static class DropPollerExtensions
{
    /// <summary>Adds <see cref="DropPoller"/> (settings: <see cref="DropPollerOptions"/>); needs the domain and a Durable client.</summary>
    public static IServiceCollection AddDropPoller(this IServiceCollection services)
    {
        services.AddOptions<DropPollerOptions>()
            .BindConfiguration(DropPollerOptions.SectionName)
            .Validate(o => o.Interval > TimeSpan.Zero, "DropPoller:Interval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<DropPoller>();
        services.AddHostedService(s => s.GetRequiredService<DropPoller>());
        return services;
    }
}
