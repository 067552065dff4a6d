namespace Inpaint.Shared.Worker;

/// <summary>
/// Which engine the worker gives a diffuse request that names no model: <paramref name="Removal"/> for an empty
/// prompt, <paramref name="Generative"/> for a prompt (null when no generative engine is installed), and whether
/// a prompt is accepted now (<paramref name="AcceptsPrompts"/>: a generative engine, or the operator's fallback).
/// When it is not, <paramref name="PromptRefusal"/> is the worker's sentence naming the model to install, which
/// the hosts that send work to the worker repeat when they refuse a prompt at task creation.
/// </summary>
public sealed record WorkerEngineChoiceInfo(string Removal, string? Generative, bool AcceptsPrompts, string? PromptRefusal = null);
