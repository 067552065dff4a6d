using Inpaint.Shared.Generation;

namespace Inpaint.GpuWorker.Scheduling;

/// <summary>Samples that may share a batch: the same engine instance and the same crop size.</summary>
public readonly record struct BatchKey(IFillEngine Engine, int Width, int Height);
