using Inpaint.Shared.Orchestration.Activities;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Inpaint.Shared.Orchestration;

/// <summary>
/// The one list of the product's orchestrators and activities. The Durable Task worker registers them from
/// here (<see cref="Register"/>), the container resolves activities by class from here (<see cref="AddActivities"/>),
/// and a test checks that the Functions entry points (<c>Inpaint.Functions/Orchestration/ActivityFunctions</c>)
/// cover every activity listed — the Durable source generator, which would write those, is not on our feed.
/// </summary>
public static class InpaintTasks
{
    public static IReadOnlyList<Type> Orchestrators { get; } =
    [
        typeof(InpaintOrchestrator),
        typeof(NotifyTaskEndedOrchestrator),
    ];

    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(PrepareInputActivity),
        typeof(LoadMaskActivity),
        typeof(SegmentRegionActivity),
        typeof(DetectForegroundActivity),
        typeof(RefineMaskActivity),
        typeof(GenerateActivity),
        typeof(CompositeActivity),
        typeof(DeliverSampleActivity),
        typeof(FinalizeTaskActivity),
        typeof(DeliverDropResultsActivity),
        typeof(DeliverWebhookActivity),
    ];

    /// <summary>
    /// Registers every orchestrator and activity with a Durable Task worker (name = class name). Orchestrators are
    /// made by factory with <paramref name="retries"/>: not every host builds them through the container (the
    /// in-process test host calls the parameterless constructor).
    /// </summary>
    public static DurableTaskRegistry Register(DurableTaskRegistry registry, RetryPolicies retries)
    {
        registry.AddOrchestrator(nameof(InpaintOrchestrator), () => new InpaintOrchestrator(retries));
        registry.AddOrchestrator(nameof(NotifyTaskEndedOrchestrator), () => new NotifyTaskEndedOrchestrator(retries));
        foreach (var activity in Activities)
            registry.AddActivity(activity);
        return registry;
    }

    /// <summary>Makes every activity resolvable by class, for the Durable Task worker and the Functions entry points.</summary>
    public static IServiceCollection AddActivities(IServiceCollection services)
    {
        foreach (var activity in Activities)
            services.AddTransient(activity);
        return services;
    }
}
