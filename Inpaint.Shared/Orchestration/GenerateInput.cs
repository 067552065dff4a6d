namespace Inpaint.Shared.Orchestration;

/// <summary>One sample to generate; <see cref="Seed"/> is the task's seed + <see cref="Index"/>.</summary>
public sealed record GenerateInput(string TaskId, int Index, long Seed, string Prompt, double Creativity);
