namespace Inpaint.Shared.Orchestration;

/// <summary>What a step that only writes blobs reports back: its own run time in seconds.</summary>
public sealed record StepReport(double RunSeconds);
