using Inpaint.Shared.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Inpaint.Functions.Orchestration;

/// <summary>
/// Explicit entry point for the class-based orchestrator: without the Durable source generator (not on our
/// feed) class-based orchestrators would be missing from functions.metadata.
/// </summary>
public static class InpaintOrchestratorFunction
{
    [Function(nameof(InpaintOrchestrator))]
    public static Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new InpaintOrchestrator().RunAsync(context, context.GetInput<InpaintJob>()!);

    [Function(nameof(NotifyTaskEndedOrchestrator))]
    public static Task<bool> NotifyTaskEndedAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new NotifyTaskEndedOrchestrator().RunAsync(context, context.GetInput<TaskEndedInput>()!);
}
