using BenchmarkDotNet.Running;
using Inpaint.Inference.Bench;

// `-- cpu` prints CPU time per call beside wall time: on a shared machine the wall clock measures the
// neighbours as much as our code, while the CPU time our process spends is the work itself.
if (args is ["cpu", ..])
{
    CpuTimeReport.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
