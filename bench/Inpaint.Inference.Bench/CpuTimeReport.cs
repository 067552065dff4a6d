using System.Diagnostics;

namespace Inpaint.Inference.Bench;

/// <summary>
/// Runs each <see cref="RegionPrePostBench"/> case a fixed number of times and reports, per call, the
/// fastest wall time and the process CPU time (all threads). CPU time ÷ 2 is the wall time two idle
/// cores would need if both stayed busy — the figure that a heavily shared machine cannot show directly.
/// </summary>
public static class CpuTimeReport
{
    private const int Iterations = 30;

    public static void Run(TextWriter output)
    {
        output.WriteLine($"| case | image | min wall ms | CPU ms per call | load average |");
        output.WriteLine("|---|---|---:|---:|---|");
        foreach (var size in new[] { 1024, 1536 })
        {
            var bench = new RegionPrePostBench { Size = size };
            bench.Setup();
            var cases = new (string Name, Action Call)[]
            {
                ("CLIPSeg pre (→352²)", bench.ClipSegPre),
                ("CLIPSeg post (2 phrases → mask)", () => bench.ClipSegPost()),
                ("CLIPSeg call (pre + post)", () => bench.ClipSegCall()),
                ("Salient pre (→1024², ÷max)", bench.SalientPre),
                ("Salient post (1024² → mask)", () => bench.SalientPost()),
                ("Salient call (pre + post)", () => bench.SalientCall()),
                ("SAM 2.1 call (pre + 1 box post)", () => bench.Sam2Call()),
            };
            foreach (var (name, call) in cases)
            {
                for (var i = 0; i < 15; i++) call(); // past tiered JIT and on-stack replacement
                var process = Process.GetCurrentProcess();
                var cpuBefore = process.TotalProcessorTime;
                var best = double.MaxValue;
                for (var i = 0; i < Iterations; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    call();
                    best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                process.Refresh();
                var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / Iterations;
                output.WriteLine($"| {name} | {size}² | {best:F1} | {cpu:F1} | {File.ReadAllText("/proc/loadavg").Split(' ')[0]} |");
            }
            bench.Cleanup();
        }
    }
}
