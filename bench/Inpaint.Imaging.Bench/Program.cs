using BenchmarkDotNet.Running;
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

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
