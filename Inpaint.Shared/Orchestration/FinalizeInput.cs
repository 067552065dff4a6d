using Inpaint.Shared.Contracts;
using Inpaint.Shared.Tasks;

namespace Inpaint.Shared.Orchestration;

/// <summary>The task's final state as the orchestration saw it.</summary>
public sealed record FinalizeInput(
    string TaskId,
    string User,
    string Status,
    string? Error,
    IReadOnlyList<StoredSample> Samples,
    TaskPerformance Performance);
