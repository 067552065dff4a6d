namespace Inpaint.Shared.Generation;

/// <summary>
/// Which engine generates a task's samples: an empty prompt (removal) goes to the best removal engine, a prompt
/// to the best generative one. Asked at creation (<see cref="RefusalAsync"/>) so a prompt no installed engine can
/// honour is refused with the command that installs one, and by the generation step (<see cref="Choose"/>).
/// </summary>
public interface IGenerationEngineChooser
{
    /// <summary>The engine for <paramref name="prompt"/>, and the warning to record when it cannot honour it.</summary>
    EngineChoice Choose(string prompt);

    /// <summary>Null when a task with <paramref name="prompt"/> can be served as asked (or with a recorded
    /// warning where the operator allows a fallback); else a sentence naming the model to install.</summary>
    string? Refusal(string prompt);

    /// <summary>
    /// <see cref="Refusal"/> for task creation. A chooser whose engines are elsewhere (the GPU worker) overrides it
    /// to ask them; the in-process choosers answer at once.
    /// </summary>
    ValueTask<string?> RefusalAsync(string prompt, CancellationToken cancellationToken) => ValueTask.FromResult(Refusal(prompt));
}
