namespace Inpaint.Shared.Orchestration;

/// <summary>
/// One sample to generate, for one part of the region (<see cref="CropReport"/>; 0 when it is in one piece):
/// <see cref="Seed"/> is the task's seed + <see cref="Index"/>, the same for every part of the sample.
/// </summary>
public sealed record GenerateInput(string TaskId, int Index, long Seed, string Prompt, double Creativity, int Part = 0);
