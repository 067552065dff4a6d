using System.Diagnostics;

namespace Inpaint.Load.Bench;

/// <summary>
/// CPU time used by this process (the host: API, Durable worker, sidecar, activities) and by the embedded
/// Azurite (a child Node.js process) between <see cref="Start"/> and <see cref="Read"/>. Process CPU, not wall
/// time, so the figure per task does not depend on how busy the rest of a shared machine is.
/// </summary>
sealed class CpuMeter
{
    readonly int? azuritePid;
    readonly TimeSpan host0;
    readonly TimeSpan? azurite0;

    CpuMeter(int? azuritePid)
    {
        this.azuritePid = azuritePid;
        this.host0 = HostCpu();
        this.azurite0 = ProcessCpu(azuritePid);
    }

    public static CpuMeter Start(int? azuritePid) => new(azuritePid);

    public Used Read()
    {
        var azurite = ProcessCpu(this.azuritePid) - this.azurite0;
        return new Used(HostCpu() - this.host0, azurite);
    }

    /// <summary>The first line of <c>/proc/loadavg</c>, or n/a elsewhere.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    static TimeSpan HostCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    static TimeSpan? ProcessCpu(int? pid)
    {
        if (pid is not { } id)
        {
            return null;
        }

        try
        {
            using var process = Process.GetProcessById(id);
            return process.TotalProcessorTime;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public readonly record struct Used(TimeSpan Host, TimeSpan? Azurite)
    {
        public TimeSpan Total => this.Host + (this.Azurite ?? TimeSpan.Zero);
    }
}
