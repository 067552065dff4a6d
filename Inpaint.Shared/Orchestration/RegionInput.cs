namespace Inpaint.Shared.Orchestration;

/// <summary>Input of the region steps: the job and the source's size, so masks match it.</summary>
public sealed record RegionInput(InpaintJob Job, int Width, int Height);
