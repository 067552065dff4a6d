using Xunit.Abstractions;

namespace Inpaint.Local.Tests.Hostile;

/// <summary>
/// The process stays within a memory bound while the whole hostile catalogue is replayed. The managed heap is
/// the process's, so this runs alone (<see cref="MemoryMeasurementCollection"/>): another test's stack running
/// beside it would be measured too.
/// </summary>
[Collection(MemoryMeasurementCollection.Name)]
public sealed class HostileMemoryTests(HostileStackFixture stack, ITestOutputHelper output) : IClassFixture<HostileStackFixture>
{
    [Fact]
    public async Task Replaying_the_catalogue_keeps_memory_bounded_and_never_answers_5xx()
    {
        // Warm up once (JIT, pools), then measure the managed heap across two full replays, sampling its peak.
        foreach (var hostile in HostileCases.All) await stack.SendHostileAsync(hostile);
        long baseline = Settle();
        long peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(5);
            }
        });

        var answered = 0;
        for (var round = 0; round < 2; round++)
        {
            foreach (var hostile in HostileCases.All)
            {
                var (status, _, text) = await stack.SendHostileAsync(hostile);
                Assert.True(status is >= 400 and < 500, $"{hostile.Name}: {status} {HostileStackFixture.Shorten(text)}");
                answered++;
            }
        }

        await sampling.CancelAsync();
        await sampler;
        long after = Settle();
        output.WriteLine($"{answered} hostile requests; managed heap {baseline / 1048576.0:F0} MiB → peak {peak / 1048576.0:F0} MiB → {after / 1048576.0:F0} MiB after GC");

        // Generous: the largest legitimate body here is ~16 MiB (a 10 MB JSON held as bytes, text and a document).
        Assert.True(peak - baseline < 768L * 1024 * 1024, $"the heap grew by {(peak - baseline) / 1048576} MiB while answering hostile requests");
        // Retained: pools (ImageSharp's buffers, Kestrel's and the storage clients' connections) keep some memory;
        // measured 56 MiB on the 2-core box, so 128 MiB leaves room without hiding a per-request leak
        // (176 requests leaking even 1 MiB each would exceed it).
        Assert.True(after - baseline < 128L * 1024 * 1024, $"{(after - baseline) / 1048576} MiB stayed allocated after the replay");
    }

    static long Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(true);
    }
}
