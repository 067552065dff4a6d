using Inpaint.Shared.Imaging;

namespace Inpaint.Shared.Orchestration;

/// <summary>The crop chosen around the refined mask, and the step's run time.</summary>
public sealed record CropReport(CropBox Box, double RunSeconds);
