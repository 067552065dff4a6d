using Inpaint.Shared.Tasks;

namespace Inpaint.Shared.Orchestration;

/// <summary>A composited sample to publish in its task's result while the task runs.</summary>
public sealed record DeliverSampleInput(string TaskId, string User, StoredSample Sample);
