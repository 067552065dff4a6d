namespace Inpaint.Shared.Orchestration;

/// <summary>The decoded, oriented source image's size, and the step's run time.</summary>
public sealed record SourceReport(int Width, int Height, double RunSeconds);
