namespace Inpaint.Shared.Worker;

/// <summary>How much work the worker accepts: GPU lanes, queued items per lane, largest diffusion batch,
/// the batching window and the work waiting right now.</summary>
public sealed record WorkerCapacityInfo(int Gpus, int QueueLimitPerGpu, int MaxBatchSize, int BatchWindowMilliseconds, int Queued);
