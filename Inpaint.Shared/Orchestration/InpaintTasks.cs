using Inpaint.Shared.Orchestration.Activities;
using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration;

/// <summary>Registers the orchestrator and every activity with a Durable Task worker, by class.</summary>
public static class InpaintTasks
{
    public static DurableTaskRegistry Register(DurableTaskRegistry registry) => registry
        .AddOrchestrator<InpaintOrchestrator>()
        .AddOrchestrator<NotifyTaskEndedOrchestrator>()
        .AddActivity<PrepareInputActivity>()
        .AddActivity<LoadMaskActivity>()
        .AddActivity<SegmentRegionActivity>()
        .AddActivity<DetectForegroundActivity>()
        .AddActivity<RefineMaskActivity>()
        .AddActivity<DiffuseActivity>()
        .AddActivity<CompositeActivity>()
        .AddActivity<DeliverSampleActivity>()
        .AddActivity<FinalizeTaskActivity>()
        .AddActivity<DeliverDropResultsActivity>()
        .AddActivity<DeliverWebhookActivity>();
}
