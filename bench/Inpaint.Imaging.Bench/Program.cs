using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Inpaint.Imaging.Bench;

if (args is ["cpu-path"])
{
    OutputCheck.CpuPath();
    return;
}

if (args is ["check", ..])
{
    // A quick, non-statistical run: one timing of each path and how far our outputs are from libvips'.
    OutputCheck.Run(args[1..]);
    return;
}

// A short job for a shared 2-core machine: one warm-up and three measured single invocations per case
// (libvips' exact dilation at radius 64 takes minutes per call, so the in-process timeout is raised).
var job = Job.Default
    .WithStrategy(RunStrategy.Monitoring)
    .WithLaunchCount(1)
    .WithWarmupCount(1)
    .WithIterationCount(3)
    .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.AddJob(job));
