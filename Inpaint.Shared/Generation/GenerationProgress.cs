namespace Inpaint.Shared.Generation;

/// <summary>Progress of one generation: <paramref name="Step"/> of <paramref name="Steps"/> done.</summary>
public readonly record struct GenerationProgress(int Step, int Steps);
