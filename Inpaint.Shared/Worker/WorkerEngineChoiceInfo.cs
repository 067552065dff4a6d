namespace Inpaint.Shared.Worker;

/// <summary>
/// Which engine the worker gives a diffuse request that names no model: <paramref name="Removal"/> for an empty
/// prompt, <paramref name="Generative"/> for a prompt (null when no generative engine is installed), and whether
/// a prompt is accepted now (<paramref name="AcceptsPrompts"/>: a generative engine, or the operator's fallback).
/// </summary>
public sealed record WorkerEngineChoiceInfo(string Removal, string? Generative, bool AcceptsPrompts);
