using System.Diagnostics;
using Inpaint.GpuWorker.Diagnostics;
using Inpaint.Inference.Generation;
using Inpaint.Shared.Generation;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.GpuWorker.Scheduling;

/// <summary>
/// The GPU's work queue. Every job (a region call, or one diffusion sample) waits here until one of the
/// <see cref="WorkerCapacityOptions.Gpus"/> lanes takes it; admission is bounded (429 beyond it).
/// <para>Dynamic batching: when a lane takes a diffusion sample it also takes the waiting samples with the
/// same <see cref="BatchKey"/> (engine, size, prompt, creativity), and waits up to <see cref="WorkerCapacityOptions.BatchWindow"/> (counted from the
/// first sample's arrival) for more, up to <see cref="WorkerCapacityOptions.MaxBatchSize"/>. The batch runs as
/// one <see cref="IGenerationEngine.GenerateBatchAsync"/> call when the engine batches (<see cref="IGenerationEngine.BatchesSamples"/>), else sample by sample;
/// either way each sample keeps its own request, so a caller gets what it would have got alone.</para>
/// <para>Cancellation: a waiting job whose caller cancels leaves the queue at once; a running batch is
/// cancelled when all its callers have cancelled (one caller leaving must not cost the others their work).</para>
/// </summary>
public sealed partial class GpuWorkQueue : BackgroundService
{
    private readonly object gate = new();
    private readonly LinkedList<Job> pending = new();
    private readonly WorkerCapacityOptions options;
    private readonly WorkerMetrics metrics;
    private readonly ILogger<GpuWorkQueue> logger;
    private TaskCompletionSource changed = NewSignal();

    public GpuWorkQueue(IOptions<WorkerCapacityOptions> options, WorkerMetrics metrics, ILogger<GpuWorkQueue> logger)
    {
        this.options = options.Value;
        this.metrics = metrics;
        this.logger = logger;
        metrics.ObserveQueueDepth(() => Depth);
    }

    /// <summary>Jobs waiting for a lane.</summary>
    public int Depth
    {
        get
        {
            lock (gate) return pending.Count;
        }
    }

    /// <summary>Most jobs that may wait at once (all lanes).</summary>
    public int Limit => options.QueueLimitPerGpu * options.Gpus;

    /// <summary>Runs one job alone on a lane (region calls).</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var job = new Job(null, null, null, async token => await work(token), cancellationToken);
        Admit([job]);
        try
        {
            return (T)(await job.Completion.Task)!;
        }
        finally
        {
            job.Registration.Dispose();
        }
    }

    /// <summary>Generates the samples (all of one crop size) on a lane, batched with other callers' samples where possible.
    /// Results are in request order.</summary>
    public async Task<IReadOnlyList<Image<Rgba32>>> DiffuseAsync(IGenerationEngine engine, IReadOnlyList<GenerationRequest> samples, CancellationToken cancellationToken)
    {
        // One failed sample fails the request: the request's token then withdraws its other samples.
        using var request = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var jobs = samples
            .Select(s => new Job(BatchKey.Of(engine, s), engine, s, null, request.Token))
            .ToArray();
        Admit(jobs);
        try
        {
            var results = await Task.WhenAll(jobs.Select(j => j.Completion.Task));
            return results.Cast<Image<Rgba32>>().ToArray();
        }
        catch
        {
            await request.CancelAsync();
            foreach (var job in jobs.Where(j => j.Completion.Task.IsCompletedSuccessfully))
                ((Image<Rgba32>)job.Completion.Task.Result!).Dispose();
            throw;
        }
        finally
        {
            foreach (var job in jobs)
                job.Registration.Dispose();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lanes = Enumerable.Range(0, Math.Max(1, options.Gpus)).Select(lane => Task.Run(() => LaneAsync(lane, stoppingToken), CancellationToken.None));
        await Task.WhenAll(lanes);
        lock (gate)
        {
            foreach (var job in pending)
                job.Completion.TrySetCanceled(stoppingToken);
            pending.Clear();
        }
    }

    private void Admit(IReadOnlyList<Job> jobs)
    {
        lock (gate)
        {
            if (pending.Count + jobs.Count > Limit)
            {
                metrics.RecordRejected();
                throw new WorkerBusyException(options.RetryAfter, Limit);
            }

            foreach (var job in jobs)
                job.Node = pending.AddLast(job);
            Signal();
        }

        // Outside the lock: a token that is already cancelled runs Withdraw synchronously, which takes the lock.
        foreach (var job in jobs)
            job.Registration = job.Token.Register(static state =>
            {
                var (queue, job) = ((GpuWorkQueue, Job))state!;
                queue.Withdraw(job);
            }, (this, job));
    }

    private void Withdraw(Job job)
    {
        lock (gate)
        {
            if (job.Node?.List is not null)
                pending.Remove(job.Node);
        }

        job.Completion.TrySetCanceled(job.Token);
    }

    private async Task LaneAsync(int lane, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            List<Job> taken;
            try
            {
                taken = await TakeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            var live = taken.Where(j => !j.Token.IsCancellationRequested).ToList();
            foreach (var job in taken)
                metrics.RecordQueueWait(Stopwatch.GetElapsedTime(job.Enqueued));
            if (live.Count == 0)
                continue;
            try
            {
                if (live[0].Work is { } work)
                    live[0].Completion.TrySetResult(await work(live[0].Token));
                else
                    await RunBatchAsync(lane, live);
            }
            catch (Exception e)
            {
                foreach (var job in live)
                {
                    if (e is OperationCanceledException && job.Token.IsCancellationRequested)
                        job.Completion.TrySetCanceled(job.Token);
                    else
                        job.Completion.TrySetException(e);
                }
            }
        }
    }

    private async Task RunBatchAsync(int lane, List<Job> batch)
    {
        var engine = batch[0].Key!.Value.Engine;
        var steps = new EngineStepMeter(metrics, engine.Name);
        metrics.RecordBatch(batch.Count, engine.Name);
        LogBatch(lane, batch.Count, engine.Name, batch[0].Key!.Value.Width, batch[0].Key!.Value.Height);

        if (batch.Count > 1 && engine.BatchesSamples)
        {
            // The batch stops only when every caller in it has gone.
            using var all = new CancellationTokenSource();
            var remaining = batch.Count;
            var registrations = batch
                .Select(j => j.Token.Register(() =>
                {
                    if (Interlocked.Decrement(ref remaining) == 0) all.Cancel();
                }))
                .ToList();
            try
            {
                var images = await engine.GenerateBatchAsync(batch.Select(j => j.Sample!).ToList(), steps, all.Token);
                if (images.Count != batch.Count)
                    throw new InvalidOperationException($"{engine.Name} returned {images.Count} images for a batch of {batch.Count}");
                for (var i = 0; i < batch.Count; i++)
                    Deliver(batch[i], images[i]);
            }
            finally
            {
                foreach (var registration in registrations)
                    registration.Dispose();
            }

            return;
        }

        foreach (var job in batch)
        {
            if (job.Token.IsCancellationRequested)
            {
                job.Completion.TrySetCanceled(job.Token);
                continue;
            }

            try
            {
                Deliver(job, await engine.GenerateAsync(job.Sample!, steps, job.Token));
            }
            catch (OperationCanceledException) when (job.Token.IsCancellationRequested)
            {
                job.Completion.TrySetCanceled(job.Token);
            }
        }
    }

    private static void Deliver(Job job, Image<Rgba32> image)
    {
        if (!job.Completion.TrySetResult(image))
            image.Dispose(); // its caller has gone
    }

    /// <summary>Takes the next job, or the next batch of samples (see the class remarks).</summary>
    private async Task<List<Job>> TakeAsync(CancellationToken stoppingToken)
    {
        List<Job>? batch = null;
        var deadline = 0L;
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (batch is null && pending.First is { } first)
                {
                    pending.RemoveFirst();
                    batch = [first.Value];
                    if (first.Value.Key is null || options.MaxBatchSize <= 1)
                        return batch;
                    deadline = first.Value.Enqueued + (long)(options.BatchWindow.TotalSeconds * Stopwatch.Frequency);
                }

                if (batch is not null)
                {
                    var key = batch[0].Key;
                    for (var node = pending.First; node is not null && batch.Count < options.MaxBatchSize;)
                    {
                        var next = node.Next;
                        if (node.Value.Key == key)
                        {
                            pending.Remove(node);
                            batch.Add(node.Value);
                        }

                        node = next;
                    }

                    if (batch.Count >= options.MaxBatchSize || Stopwatch.GetTimestamp() >= deadline)
                        return batch;
                }

                signal = changed.Task;
            }

            if (batch is null)
            {
                await signal.WaitAsync(stoppingToken);
            }
            else
            {
                var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                if (left > TimeSpan.Zero)
                    await Task.WhenAny(signal, Task.Delay(left, stoppingToken));
            }
        }
    }

    private void Signal()
    {
        var previous = changed;
        changed = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lane {Lane} runs {Count} sample(s) of {Engine} at {Width}x{Height}")]
    private partial void LogBatch(int lane, int count, string engine, int width, int height);

    /// <summary>One queued unit: a region job (<see cref="Work"/>) or one diffusion sample (<see cref="Sample"/>).</summary>
    private sealed class Job(BatchKey? key, IGenerationEngine? engine, GenerationRequest? sample, Func<CancellationToken, Task<object?>>? work, CancellationToken token)
    {
        public BatchKey? Key { get; } = key;

        public IGenerationEngine? Engine { get; } = engine;

        public GenerationRequest? Sample { get; } = sample;

        public Func<CancellationToken, Task<object?>>? Work { get; } = work;

        public CancellationToken Token { get; } = token;

        public long Enqueued { get; } = Stopwatch.GetTimestamp();

        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Job>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}
