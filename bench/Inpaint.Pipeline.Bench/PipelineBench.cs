using System.Globalization;

namespace Inpaint.Pipeline.Bench;

/// <summary>
/// Runs each case's tasks one at a time through the local stack, a reference decode + encode of the same file
/// just before each task (so the two see the same load), and prints every run and the medians as Markdown rows.
/// </summary>
internal static class PipelineBench
{
    public static async Task<int> RunAsync(IReadOnlyList<PipelineCase> cases, int repeat, bool configuredEngines)
    {
        Console.WriteLine($"load average at start: {LoadAverage()}; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"ImageMagick reference: {(ReferenceCodec.HasImageMagick ? "/usr/bin/convert" : "not installed")}");
        await using var runner = await PipelineRunner.StartAsync(configuredEngines);
        var scratch = Directory.CreateTempSubdirectory("inpaint-pipeline-ref-");
        try
        {
            foreach (var run in cases)
            {
                var image = await runner.UploadAsync(run.Image);
                var mask = await runner.UploadAsync(run.Mask);
                var inputPath = Path.Combine(scratch.FullName, "input." + (run.ImageKind == "jpeg" ? "jpg" : "png"));
                await File.WriteAllBytesAsync(inputPath, run.Image);

                // One task and one reference run first, unmeasured: JIT, connection pools, libvips' start-up.
                await runner.RunAsync(image, mask, run, seed: 0);
                ReferenceCodec.Libvips(run.Image, run.OutputFormat);

                Console.WriteLine();
                Console.WriteLine($"### {run.Name}: {run.Width}×{run.Height} {run.ImageKind} ({run.Image.Length / 1024.0 / 1024.0:F2} MB), uploaded mask, resolution {run.Resolution}, {run.OutputFormat} output");
                Console.WriteLine();
                Console.WriteLine("| run | prepare | select-region | refine-mask | generate | composite | finalize tail | overhead | wall | outside fill | libvips dec+enc | convert dec+enc | outside / libvips | outside / convert |");
                Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
                var rows = new List<(TaskFigures Task, double Vips, double Magick)>();
                for (var i = 1; i <= repeat; i++)
                {
                    var vips = ReferenceCodec.Libvips(run.Image, run.OutputFormat);
                    var magick = ReferenceCodec.HasImageMagick ? ReferenceCodec.Convert(inputPath, run.OutputFormat) : double.NaN;
                    var figures = await runner.RunAsync(image, mask, run, seed: i);
                    rows.Add((figures, vips, magick));
                    Console.WriteLine(Row(i.ToString(CultureInfo.InvariantCulture), figures, vips, magick));
                }

                double Median(Func<(TaskFigures Task, double Vips, double Magick), double> pick) => MedianOf(rows.Select(pick));
                var median = new TaskFigures(
                    Median(r => r.Task.Prepare), Median(r => r.Task.SelectRegion), Median(r => r.Task.RefineMask),
                    Median(r => r.Task.Generate), Median(r => r.Task.Composite), Median(r => r.Task.FinalizeTail), Median(r => r.Task.Wall));
                Console.WriteLine(Row("**p50**", median, Median(r => r.Vips), Median(r => r.Magick), Median(r => r.Task.Overhead), Median(r => r.Task.OutsideFill)));
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine($"load average at end: {LoadAverage()}");
        return 0;
    }

    private static string Row(string label, TaskFigures f, double vips, double magick, double? overhead = null, double? outside = null)
    {
        var o = overhead ?? f.Overhead;
        var outsideFill = outside ?? f.OutsideFill;
        return $"| {label} | {Ms(f.Prepare)} | {Ms(f.SelectRegion)} | {Ms(f.RefineMask)} | {Ms(f.Generate)} | {Ms(f.Composite)} | {Ms(f.FinalizeTail)} | {Ms(o)} | {Ms(f.Wall)} | {Ms(outsideFill)} | {Ms(vips)} | {Ms(magick)} | {Ratio(outsideFill, vips)} | {Ratio(outsideFill, magick)} |";
    }

    private static string Ms(double seconds) => double.IsNaN(seconds) ? "–" : (seconds * 1000).ToString("F0", CultureInfo.InvariantCulture);

    private static string Ratio(double value, double reference) => double.IsNaN(reference) ? "–" : (value / reference).ToString("F2", CultureInfo.InvariantCulture) + "×";

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
