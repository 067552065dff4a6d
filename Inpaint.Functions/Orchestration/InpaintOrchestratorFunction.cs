using Inpaint.Shared.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Inpaint.Functions.Orchestration;

/// <summary>
/// Explicit entry point for the class-based orchestrator: without the Durable source generator (not on our
/// feed) class-based orchestrators would be missing from functions.metadata.
/// </summary>
public sealed class InpaintOrchestratorFunction(RetryPolicies retries)
{
    [Function(nameof(InpaintOrchestrator))]
    public Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new InpaintOrchestrator(retries).RunAsync(context, context.GetInput<InpaintJob>()!);

    [Function(nameof(NotifyTaskEndedOrchestrator))]
    public Task<bool> NotifyTaskEndedAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new NotifyTaskEndedOrchestrator(retries).RunAsync(context, context.GetInput<TaskEndedInput>()!);
}
