using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Orchestration.Activities;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Inpaint.Functions.Orchestration;

/// <summary>One-line entry points that run the shared activity classes, resolved from the container.</summary>
public sealed class ActivityFunctions(IServiceProvider services)
{
    [Function(nameof(PrepareInputActivity))]
    public Task<SourceReport> PrepareInput([ActivityTrigger] InpaintJob input, FunctionContext context) => Run<PrepareInputActivity, InpaintJob, SourceReport>(input, context);

    [Function(nameof(LoadMaskActivity))]
    public Task<StepReport> LoadMask([ActivityTrigger] RegionInput input, FunctionContext context) => Run<LoadMaskActivity, RegionInput, StepReport>(input, context);

    [Function(nameof(SegmentRegionActivity))]
    public Task<StepReport> SegmentRegion([ActivityTrigger] RegionInput input, FunctionContext context) => Run<SegmentRegionActivity, RegionInput, StepReport>(input, context);

    [Function(nameof(DetectForegroundActivity))]
    public Task<StepReport> DetectForeground([ActivityTrigger] RegionInput input, FunctionContext context) => Run<DetectForegroundActivity, RegionInput, StepReport>(input, context);

    [Function(nameof(RefineMaskActivity))]
    public Task<CropReport> RefineMask([ActivityTrigger] InpaintJob input, FunctionContext context) => Run<RefineMaskActivity, InpaintJob, CropReport>(input, context);

    [Function(nameof(GenerateActivity))]
    public Task<SampleReport> Generate([ActivityTrigger] GenerateInput input, FunctionContext context) => Run<GenerateActivity, GenerateInput, SampleReport>(input, context);

    [Function(nameof(CompositeActivity))]
    public Task<OutputReport> Composite([ActivityTrigger] CompositeInput input, FunctionContext context) => Run<CompositeActivity, CompositeInput, OutputReport>(input, context);

    [Function(nameof(DeliverSampleActivity))]
    public Task<bool> DeliverSample([ActivityTrigger] DeliverSampleInput input, FunctionContext context) => Run<DeliverSampleActivity, DeliverSampleInput, bool>(input, context);

    [Function(nameof(FinalizeTaskActivity))]
    public Task<bool> FinalizeTask([ActivityTrigger] FinalizeInput input, FunctionContext context) => Run<FinalizeTaskActivity, FinalizeInput, bool>(input, context);

    [Function(nameof(DeliverDropResultsActivity))]
    public Task<int> DeliverDropResults([ActivityTrigger] DropDeliveryInput input, FunctionContext context) => Run<DeliverDropResultsActivity, DropDeliveryInput, int>(input, context);

    [Function(nameof(DeliverWebhookActivity))]
    public Task<int> DeliverWebhook([ActivityTrigger] WebhookInput input, FunctionContext context) => Run<DeliverWebhookActivity, WebhookInput, int>(input, context);

    private Task<TOut> Run<TActivity, TIn, TOut>(TIn input, FunctionContext context)
        where TActivity : TaskActivity<TIn, TOut>
    {
        var activity = services.GetRequiredService<TActivity>();
        return activity.RunAsync(new FunctionActivityContext(typeof(TActivity).Name, context.InvocationId), input);
    }
}
