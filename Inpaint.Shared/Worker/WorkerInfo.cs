namespace Inpaint.Shared.Worker;

/// <summary>Answer of <c>GET /v1/info</c>: what the worker can run and how much it takes at once.</summary>
public sealed record WorkerInfo(
    string Version,
    string ExecutionProvider,
    IReadOnlyList<WorkerModelInfo> Models,
    WorkerCapacityInfo Capacity,
    WorkerEngineChoiceInfo? Choice = null);
