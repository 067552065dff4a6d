using Inpaint.Shared.Limits;

namespace Inpaint.GpuWorker.Scheduling;

/// <summary>
/// How much work the worker accepts and how it batches diffusion (settings <c>Worker__*</c>).
/// Each GPU is one lane that runs one job or one batch at a time; work beyond
/// <see cref="QueueLimitPerGpu"/> waiting items per lane is refused with 429.
/// </summary>
public sealed class WorkerCapacityOptions
{
    public const string SectionName = "Worker";

    /// <summary>GPU lanes (one per GPU of the replica).</summary>
    public int Gpus { get; set; } = 1;

    /// <summary>Samples or region jobs that may wait per lane; beyond that, 429 with <c>Retry-After</c>.</summary>
    public int QueueLimitPerGpu { get; set; } = 16;

    /// <summary>Most diffusion samples run as one batch; 1 turns batching off.</summary>
    public int MaxBatchSize { get; set; } = 4;

    /// <summary>How long the first sample of a batch waits for companions (same model and size).</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(15);

    /// <summary>Most samples one diffuse request may ask for.</summary>
    public int MaxSamplesPerRequest { get; set; } = 8;

    /// <summary>Time limit of one request, queueing included; past it the work is cancelled and 503 is answered.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The <c>Retry-After</c> a refused caller gets.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Fill engine used when a diffuse request names none (<c>null</c> = the first registered).</summary>
    public string? DefaultFillEngine { get; set; }

    /// <summary>Largest input image, in pixels, checked before decoding.</summary>
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>
    /// <see cref="MaxPixels"/> as decoder limits. The worker bounds pixels only: its callers are orchestrations
    /// whose inputs the API already held to its own side limit.
    /// </summary>
    public ImageLimits Images => new(MaxPixels, MaxSide: int.MaxValue);
}
