using System.Diagnostics.Metrics;

namespace Inpaint.GpuWorker.Diagnostics;

/// <summary>
/// The worker's one <see cref="Meter"/> (<c>Inpaint.GpuWorker</c>): queue depth, batch size, time per
/// generation step, time waited in the queue, refusals, and the execution provider in use.
/// </summary>
public sealed class WorkerMetrics
{
    public const string MeterName = "Inpaint.GpuWorker";

    private readonly Meter meter;
    private readonly Histogram<int> batchSize;
    private readonly Histogram<double> stepDuration;
    private readonly Histogram<double> queueWait;
    private readonly Counter<long> rejected;

    public WorkerMetrics(IMeterFactory meters)
    {
        meter = meters.Create(MeterName);
        batchSize = meter.CreateHistogram<int>("inpaint.worker.batch.size", "{sample}", "Samples run together in one engine call");
        stepDuration = meter.CreateHistogram<double>("inpaint.worker.step.duration", "s", "Time of one generation step (whole batch)");
        queueWait = meter.CreateHistogram<double>("inpaint.worker.queue.wait", "s", "Time a job waited before a GPU lane took it");
        rejected = meter.CreateCounter<long>("inpaint.worker.rejected", "{request}", "Requests refused with 429 because the queue was full");
    }

    public void ObserveQueueDepth(Func<int> depth) =>
        meter.CreateObservableGauge("inpaint.worker.queue.depth", depth, "{job}", "Jobs waiting for a GPU lane");

    /// <summary>Reports 1 for the provider in use, tagged <c>provider</c> (for example <c>CUDA</c> or <c>CPU</c>).</summary>
    public void ObserveProvider(Func<string?> provider) =>
        meter.CreateObservableGauge(
            "inpaint.worker.provider",
            () => provider() is { } name
                ? [new Measurement<int>(1, new KeyValuePair<string, object?>("provider", name))]
                : Array.Empty<Measurement<int>>(),
            null,
            "Execution provider in use (1 for the active one)");

    public void RecordBatch(int samples, string engine) => batchSize.Record(samples, new KeyValuePair<string, object?>("engine", engine));

    public void RecordStep(TimeSpan elapsed, string engine) => stepDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("engine", engine));

    public void RecordQueueWait(TimeSpan elapsed) => queueWait.Record(elapsed.TotalSeconds);

    public void RecordRejected() => rejected.Add(1);
}
