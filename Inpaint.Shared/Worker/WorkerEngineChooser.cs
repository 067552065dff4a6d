using Inpaint.Shared.Generation;

namespace Inpaint.Shared.Worker;

/// <summary>
/// The engine choice when generation runs on the GPU worker: every task goes to the worker adapter, and the
/// worker picks the engine for the prompt itself. At creation a prompt is refused when the worker says it
/// cannot honour one (<see cref="WorkerPromptSupport"/>), with the same field and sentence as the local stack.
/// </summary>
/// <param name="engine">Resolved only when a sample is generated (one adapter per activity).</param>
public sealed class WorkerEngineChooser(Func<IGenerationEngine> engine, WorkerPromptSupport prompts) : IGenerationEngineChooser
{
    public EngineChoice Choose(string prompt) => new(engine());

    /// <summary>Without asking the worker nothing is known: refuses nothing (see <see cref="RefusalAsync"/>).</summary>
    public string? Refusal(string prompt) => null;

    public async ValueTask<string?> RefusalAsync(string prompt, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(prompt) ? null : await prompts.PromptRefusalAsync(cancellationToken);
}
