using Inpaint.Shared.Imaging;

namespace Inpaint.Shared.Orchestration;

/// <summary>
/// The crops chosen around the refined mask, one per part of the region (<see cref="CropPlanner.PlanParts"/>;
/// one for a region in one piece), and the step's run time. Part k's blobs are named with k (<see cref="TaskBlobNames"/>).
/// </summary>
public sealed record CropReport(IReadOnlyList<CropBox> Boxes, double RunSeconds);
