using System.Collections.Concurrent;
using Microsoft.DurableTask;

namespace Inpaint.Local.Tests.Orchestration;

/// <summary>Calls <see cref="SlowActivity"/> once and returns what it returned.</summary>
public sealed class SlowOrchestrator : TaskOrchestrator<SlowWork, int>
{
    public override Task<int> RunAsync(TaskOrchestrationContext context, SlowWork input)
        => context.CallActivityAsync<int>(nameof(SlowActivity), input);
}

/// <summary>What <see cref="SlowActivity"/> does: wait <see cref="Milliseconds"/>, counting its runs under <see cref="Key"/>.</summary>
public sealed record SlowWork(string Key, int Milliseconds);

/// <summary>Waits, then returns how many times it has started for the same key (1 when it ran once).</summary>
public sealed class SlowActivity : TaskActivity<SlowWork, int>
{
    static readonly ConcurrentDictionary<string, int> Starts = new(StringComparer.Ordinal);

    public static int StartsOf(string key) => Starts.GetValueOrDefault(key);

    public override async Task<int> RunAsync(TaskActivityContext context, SlowWork input)
    {
        Starts.AddOrUpdate(input.Key, 1, (_, n) => n + 1);
        await Task.Delay(input.Milliseconds);
        return StartsOf(input.Key);
    }
}
