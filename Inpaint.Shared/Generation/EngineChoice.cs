namespace Inpaint.Shared.Generation;

/// <summary>
/// The engine chosen for a task and, when it cannot do what the request asked (a prompt filled by a removal
/// engine because no generative engine is installed), the warning recorded in the task and in each result.
/// </summary>
public sealed record EngineChoice(IGenerationEngine Engine, string? Warning = null);
